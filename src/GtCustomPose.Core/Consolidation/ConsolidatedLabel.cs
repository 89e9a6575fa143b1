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
    /// The same skeletons, verdict and reasons without what a training job does not read: per-keypoint confidences,
    /// boxes, notes and the per-worker summaries (Ground Truth keeps every worker's answer in S3). Used only when a
    /// whole batch's response would not fit Lambda's 6 MB; <see cref="ConsolidationInfo.Compact"/> says so.
    /// </summary>
    public ConsolidatedLabel Compact() => this with
    {
        Instances = Instances.Select(i => i with
        {
            Bbox = null,
            Keypoints = i.Keypoints.Select(k => k with { Confidence = null }).ToArray(),
        }).ToArray(),
        Workers = [],
        Notes = null,
        Consolidation = Consolidation with { Compact = true },
    };
}

/// <summary>One consolidated skeleton.</summary>
/// <param name="Name">Instance name (the workers' majority name, else <c>skeleton_N</c>).</param>
/// <param name="Keypoints">Consolidated keypoints, rig order.</param>
/// <param name="Bbox">Box around the keypoints, pixels.</param>
/// <param name="Agreement">Mean OKS of the workers' skeletons to this one, 0 to 1; null with one worker.</param>
/// <param name="Confidence">Expected OKS of this skeleton to the truth, 0 to 1, from the workers' estimated click
/// noise, or from how far their clicks spread when that is wider; null with one worker.</param>
/// <param name="ReviewReasons">The review reasons that concern this skeleton (a subset of the label's); null when
/// none.</param>
/// <param name="Facing">
/// <c>front</c>, <c>back</c> or <c>side</c> when the workers who declared a facing mostly agree; null when none
/// declared.
/// </param>
public sealed record ConsolidatedInstance(
    string Name,
    IReadOnlyList<ConsolidatedKeypoint> Keypoints,
    BoundingBox? Bbox,
    double? Agreement,
    double? Confidence = null,
    IReadOnlyList<string>? ReviewReasons = null,
    string? Facing = null);

/// <summary>A consolidated keypoint.</summary>
/// <param name="Label">Rig label.</param>
/// <param name="X">Pixels from the left edge (0.1 px resolution).</param>
/// <param name="Y">Pixels from the top edge (0.1 px resolution).</param>
/// <param name="Confidence">0 to 1; null with one worker.</param>
/// <param name="Votes">How many workers placed it.</param>
/// <param name="Visible">
/// False when most workers who placed it and said so marked it occluded (COCO v=1); true when most said visible; null
/// when none said (exports then write v=2).
/// </param>
public sealed record ConsolidatedKeypoint(
    string Label, double X, double Y, double? Confidence, int Votes, bool? Visible = null);

/// <summary>Axis-aligned box, pixels, top-left origin.</summary>
public sealed record BoundingBox(double Left, double Top, double Width, double Height);

/// <summary>What consolidation learned about one worker's answer.</summary>
/// <param name="WorkerId">Ground Truth's worker id.</param>
/// <param name="Agreement">Mean OKS of this worker's skeletons to the consensus (0 for a consensus skeleton the worker
/// missed); null with one worker or an unreadable answer.</param>
/// <param name="LeftRightSwapped">A skeleton of this answer fitted the consensus clearly better mirrored, or a
/// left/right pair swapped; corrected before estimating.</param>
/// <param name="NoChangesNeeded">crowd-2d-skeleton's "no changes needed" box, when stated.</param>
/// <param name="WasModified">Whether the worker changed the initial values (compared as structures), when originals
/// were shown.</param>
/// <param name="TotalTimeInSeconds">Time on task, when stated.</param>
/// <param name="Outliers">Points of this worker left out of the estimate as outlier clicks; omitted when 0.</param>
/// <param name="Issues">Why parts of the answer (or all of it) were not used; omitted when none.</param>
public sealed record WorkerSummary(
    string WorkerId,
    double? Agreement,
    bool LeftRightSwapped,
    bool? NoChangesNeeded,
    bool? WasModified,
    double? TotalTimeInSeconds,
    int? Outliers = null,
    IReadOnlyList<string>? Issues = null);

/// <summary>How the label was made.</summary>
/// <param name="Method">Consolidation method id.</param>
/// <param name="WorkerCount">Answers received for the object, usable or not.</param>
/// <param name="Rig">Rig name.</param>
/// <param name="Compact">True when the label was written in compact form to fit the batch response in Lambda's
/// limit.</param>
public sealed record ConsolidationInfo(string Method, int WorkerCount, string Rig, bool? Compact = null);

/// <summary>
/// Machine-readable reasons. Those in <see cref="ConsolidatedLabel.ReviewReasons"/> set
/// <see cref="ConsolidatedLabel.NeedsReview"/>; those about one skeleton are in its
/// <see cref="ConsolidatedInstance.ReviewReasons"/> too. <see cref="SwapCorrected"/>, <see cref="FewVotes"/>,
/// <see cref="OutliersExcluded"/> and <see cref="SkeletonMissedBySome"/> are settled by a clear majority and appear in
/// <see cref="ConsolidatedLabel.Notes"/> only.
/// </summary>
public static class ReviewReasons
{
    /// <summary>Only one usable answer: nothing to compare it with.</summary>
    public const string SingleWorker = "single_worker";
    /// <summary>An instance's agreement (mean OKS) is below the threshold.</summary>
    public const string LowAgreement = "low_agreement";
    /// <summary>
    /// The consensus has likely exchanged left and right: its sides read as a person seen from behind while most
    /// workers placed a face, or as seen from the front while most did not, and the mirror vote was not strong enough
    /// to outweigh that (<see cref="Consolidation.ConsolidationOptions.SidesWrongThreshold"/>). The workers who agreed
    /// most likely labelled left and right from their own side. Only for rigs with COCO's nose, eye and shoulder
    /// labels.
    /// </summary>
    public const string SidesContradictFace = "left_right_contradicts_face";
    /// <summary>
    /// Workers disagree on which side is left and no majority settles it (an even split, or readings that contradict
    /// each other).
    /// </summary>
    public const string SwapDisputed = "left_right_disputed";
    /// <summary>
    /// A worker's skeleton was mirrored (or a left/right pair swapped) relative to the consensus and was corrected.
    /// </summary>
    public const string SwapCorrected = "left_right_swap_corrected";
    /// <summary>
    /// Workers disagree on how many instances the image holds: a skeleton was drawn by fewer than half of them (left
    /// out) or by exactly half.
    /// </summary>
    public const string DisputedInstanceCount = "disputed_instance_count";
    /// <summary>A skeleton most workers drew was missed by some.</summary>
    public const string SkeletonMissedBySome = "skeleton_missed_by_some";
    /// <summary>
    /// A skeleton's expected OKS (<see cref="ConsolidatedInstance.Confidence"/>) is below
    /// <see cref="Consolidation.ConsolidationOptions.LowConfidenceThreshold"/>, or the mean over the object's skeletons
    /// is below <see cref="Consolidation.ConsolidationOptions.LowMeanConfidenceThreshold"/>.
    /// </summary>
    public const string LowConfidence = "low_confidence";
    /// <summary>Clicks far from the other workers' were left out of the estimate.</summary>
    public const string OutliersExcluded = "outlier_clicks_excluded";
    /// <summary>A keypoint was placed by fewer than half of the workers who labelled its instance.</summary>
    public const string FewVotes = "keypoints_with_few_votes";
    /// <summary>An answer could not be read or fetched at all.</summary>
    public const string UnreadableAnswer = "unreadable_answer";
    /// <summary>Part of an answer was not usable (label outside the rig, bad coordinate, ...).</summary>
    public const string InvalidPoints = "invalid_points";
    /// <summary>The same worker id answered more than once.</summary>
    public const string DuplicateWorker = "duplicate_worker_id";
}
