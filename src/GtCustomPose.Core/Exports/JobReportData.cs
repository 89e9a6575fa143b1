namespace GtCustomPose.Core.Exports;

/// <summary>A job's worker quality and label statistics, from its output manifest.</summary>
public sealed record JobReportData(
    string LabelAttribute,
    string Rig,
    int Objects,
    int NeedsReview,
    int Skeletons,
    IReadOnlyList<WorkerRow> Workers,
    Histogram Agreement,
    Histogram Confidence,
    IReadOnlyList<ReasonCount> Reasons,
    IReadOnlyList<KeypointRow> Keypoints);
