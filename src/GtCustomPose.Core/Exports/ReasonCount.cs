namespace GtCustomPose.Core.Exports;

/// <summary>How often a reason was given.</summary>
public sealed record ReasonCount(string Reason, int Objects, bool SetsReview);
