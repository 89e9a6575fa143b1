namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// The label written under the job's label attribute for one data object. Pixels, top-left origin. This is also what an
/// adjustment or audit job chained to this one reads back as initial values.
/// </summary>
/// <param name="ImageSize">Image size in pixels, when known.</param>
/// <param name="Instances">The consolidated skeletons.</param>
/// <param name="NeedsReview">The review verdict: true when <see cref="ReviewReasons"/> is not empty, or as
/// <see cref="ConsolidationOptions.MaxPWrong"/> says when that is set.</param>
/// <param name="ReviewReasons">Why it needs review (<see cref="Consolidation.ReviewReasons"/>), ordinal order.</param>
/// <param name="Workers">What consolidation learned about each answer.</param>
/// <param name="Consolidation">How the label was made.</param>
/// <param name="Notes">What a clear majority settled; null when nothing.</param>
/// <param name="PWrong">
/// <c>p_wrong</c>: the chance, 0 to 1, that an expert auditor would change this label materially (another number of
/// people, or an OKS between the two labels below 0.9; <see cref="WrongChance"/>). Audits spend their budget in
/// descending order of it. 0.5 for a single worker's label, 0 for a single auditor's in an audit job; null on labels
/// written before it existed.
/// </param>
public sealed record ConsolidatedLabel(
    ImageSize? ImageSize,
    IReadOnlyList<ConsolidatedInstance> Instances,
    bool NeedsReview,
    IReadOnlyList<string> ReviewReasons,
    IReadOnlyList<WorkerSummary> Workers,
    ConsolidationInfo Consolidation,
    IReadOnlyList<string>? Notes = null,
    double? PWrong = null)
{
    /// <summary>
    /// The same skeletons, verdict, reasons and p_wrong without what a training job does not read: per-keypoint and
    /// per-skeleton confidences, agreements, boxes, notes and the per-worker summaries (Ground Truth keeps every
    /// worker's answer in S3; re-consolidation writes them all again). Used only when a whole batch's response would
    /// not fit Lambda's 6 MB; <see cref="ConsolidationInfo.Compact"/> says so.
    /// </summary>
    public ConsolidatedLabel Compact() => this with
    {
        Instances = Instances.Select(i => i with
        {
            Bbox = null,
            Agreement = null,
            Confidence = null,
            Keypoints = i.Keypoints.Select(k => k with { Confidence = null }).ToArray(),
        }).ToArray(),
        Workers = [],
        Notes = null,
        Consolidation = Consolidation with { Compact = true },
    };
}
