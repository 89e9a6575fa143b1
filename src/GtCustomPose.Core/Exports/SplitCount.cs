namespace GtCustomPose.Core.Exports;

/// <summary>How many lines and groups went to one split.</summary>
public sealed record SplitCount(string Name, int Lines, int Groups);
