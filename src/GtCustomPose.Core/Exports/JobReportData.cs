namespace GtCustomPose.Core.Exports;

/// <summary>A job's worker quality and label statistics, from its output manifest.</summary>
/// <remarks><see cref="Answers"/>: the answers listed, read, lost and retried, when the manifest's re-consolidation
/// saved them (<see cref="Jobs.ReconsolidationSummary"/>); null when not known.</remarks>
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
    IReadOnlyList<KeypointRow> Keypoints)
{
    /// <summary>What was done with the job's stored answers; null when the manifest came without those counts.
    /// </summary>
    public Jobs.AnswerCounts? Answers { get; init; }
}
