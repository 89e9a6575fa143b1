using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Workflow;

namespace GtCustomPose.Core.Exports;

/// <summary>
/// The words a person reads for each review reason and note code (<see cref="ReviewReasons"/>, the audit's
/// <see cref="AuditHint"/> reasons). The pages show these words and keep the code beside them; the worker page's
/// copy (template/src/skeleton-model.js, REASONS) is kept equal to this one by a test.
/// </summary>
internal static class ReasonWords
{
    /// <summary>Every known code and its words.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } =
        new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ReviewReasons.SingleWorker] = "only one usable answer, nothing to compare it with",
        [ReviewReasons.LowAgreement] = "the workers disagreed on where the points are",
        [ReviewReasons.SidesContradictFace] = "left and right may be exchanged (the face says otherwise)",
        [ReviewReasons.SwapDisputed] = "the workers disagreed on which side is left",
        [ReviewReasons.SwapCorrected] = "a worker's mirrored skeleton was corrected",
        [ReviewReasons.DisputedInstanceCount] = "the workers disagreed on how many people there are",
        [ReviewReasons.SkeletonMissedBySome] = "some workers missed a person the others drew",
        [ReviewReasons.LowConfidence] = "the points may be inaccurate (low estimated OKS)",
        [ReviewReasons.OutliersExcluded] = "clicks far from the other workers' were left out",
        [ReviewReasons.FewVotes] = "some keypoints were placed by fewer than half of the workers",
        [ReviewReasons.UnreadableAnswer] = "an answer could not be read",
        [ReviewReasons.InvalidPoints] = "some points were outside the image or the rig",
        [ReviewReasons.DuplicateWorker] = "the same worker answered more than once",
        [AuditHint.NoLabel] = "it has no label yet",
        [AuditHint.QaSample] = "a random quality check",
        [AuditHint.HighPWrong] = "likely wrong, though no review reason says so",
        [AuditHint.NeedsReview] = "flagged for review, no reason named",
    };

    /// <summary>The words for <paramref name="code"/>, or the code itself when it is not a known one.</summary>
    public static string Of(string code) => All.TryGetValue(code, out var words) ? words : code;
}
