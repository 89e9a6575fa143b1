namespace GtCustomPose.Core.Exports;

/// <summary>Counts of values in equal bins from 0 to 1 (the last bin holds 1).</summary>
public sealed record Histogram(IReadOnlyList<int> Counts, int Values);
