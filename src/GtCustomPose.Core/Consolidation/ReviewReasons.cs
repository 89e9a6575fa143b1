namespace GtCustomPose.Core.Consolidation;

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
