using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core.Workflow;

/// <summary>
/// The order in which a capped audit takes the flagged objects (<see cref="RouteOptions.MaxAuditShare"/>): first
/// labels the workers disputed (every reason but the two below: instance count, left/right, agreement, unreadable
/// answers, a verdict without a reason), then labels whose left and right contradict the face, then labels flagged
/// for low confidence alone; within each, the lowest expected OKS (<see cref="ConsolidatedInstance.Confidence"/> of
/// the label's least sure skeleton) first.
/// </summary>
/// <remarks>
/// Chosen on the simulator's tuning seeds 2, 3 and 4 (docs/label-quality.md): the tiers are what
/// matter, leaving 2–7 times fewer labels below OKS 0.8 unaudited than any order without them at caps of 8–12 %.
/// Within a tier, least confidence, mean confidence and least agreement came within a few labels of each other;
/// least confidence is kept because it is the label's own expected OKS. Low confidence alone comes last because it
/// flags spread clicks more often than wrong skeletons; a disputed instance count was wrong every time.
/// </remarks>
public static class AuditRisk
{
    /// <summary>Compares two flagged labels: negative when <paramref name="a"/> should be audited first.</summary>
    public static int Compare(ConsolidatedLabel a, ConsolidatedLabel b)
    {
        var byTier = Tier(b).CompareTo(Tier(a));
        return byTier != 0 ? byTier : LeastConfidence(a).CompareTo(LeastConfidence(b));
    }

    /// <summary>2 for disputed labels, 1 for left/right against the face, 0 for low confidence alone.</summary>
    public static int Tier(ConsolidatedLabel label)
    {
        var reasons = label.ReviewReasons;
        var disputed = reasons.Count == 0
            || reasons.Any(r => r is not (ReviewReasons.SidesContradictFace or ReviewReasons.LowConfidence));
        if (disputed) return 2;
        return reasons.Contains(ReviewReasons.SidesContradictFace) ? 1 : 0;
    }

    /// <summary>The lowest skeleton confidence (expected OKS, 0 to 1); 1 when no skeleton has one.</summary>
    public static double LeastConfidence(ConsolidatedLabel label) =>
        label.Instances.Select(i => i.Confidence ?? 1).DefaultIfEmpty(1).Min();
}
