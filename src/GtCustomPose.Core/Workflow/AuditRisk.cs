using System.Text.Json;
using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core.Workflow;

/// <summary>
/// How likely an expert auditor is to change a level-1 label materially (<see cref="PWrong"/>), which orders the
/// audit budget and feeds the residual estimate; and the review-reason order the estimate falls back on when a
/// label carries no <c>p_wrong</c>.
/// </summary>
/// <remarks>
/// The fallback order was chosen on the simulator's tuning seeds 2, 3 and 4: first labels the workers disputed
/// (every reason but the two below), then labels whose left and right contradict the face, then labels flagged for
/// low confidence alone; within each, the lowest expected OKS of the label's least sure skeleton first. A disputed
/// instance count was wrong every time; low confidence alone flags spread clicks more often than wrong skeletons.
/// </remarks>
internal static class AuditRisk
{
    /// <summary>The key of the per-object probability, in the label or in <c>&lt;attribute&gt;-metadata</c>.</summary>
    public const string PWrongKey = "p_wrong";

    // Tier floors of the fallback estimate: they keep its order that of the review reasons, and put a flagged label
    // above any label without a verdict (whose least confidence is at least the review threshold).
    private static readonly double[] TierFloor = [0.15, 0.35, 0.6];

    /// <summary>
    /// The probability (0 to 1) that an expert auditor would change the line's label materially: the
    /// <c>p_wrong</c> of the label (<see cref="ConsolidatedLabel.PWrong"/>) or of its
    /// <c>&lt;attribute&gt;-metadata</c> when it is a number from 0 to 1, else <see cref="Estimate"/>.
    /// </summary>
    public static double PWrong(JsonElement line, string attribute, ConsolidatedLabel label) =>
        label.PWrong is >= 0 and <= 1 and var stated ? stated : Stated(line, attribute) ?? Estimate(label);

    /// <summary>
    /// The fallback estimate from the label alone, for lines written before consolidation stated <c>p_wrong</c>:
    /// 0.2 × (1 − least skeleton confidence) for a label without a verdict; for a flagged label that plus 0.15 (low
    /// confidence alone), 0.35 (left/right against the face) or 0.6 (disputed). A rough scale, not a calibrated
    /// one; the residual estimate stays unbiased whatever its calibration (<see cref="ResidualEstimator"/>).
    /// </summary>
    public static double Estimate(ConsolidatedLabel label)
    {
        var spread = 0.2 * (1 - Math.Clamp(LeastConfidence(label), 0, 1));
        return label.NeedsReview ? TierFloor[Tier(label)] + spread : spread;
    }

    /// <summary>Compares two flagged labels by the fallback order: negative when <paramref name="a"/> should be
    /// audited first.</summary>
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

    private static double? Stated(JsonElement line, string attribute)
    {
        return line.TryGetProperty(attribute + "-metadata", out var o) && o.ValueKind == JsonValueKind.Object
            && o.TryGetProperty(PWrongKey, out var p) && p.ValueKind == JsonValueKind.Number
            && p.GetDouble() is >= 0 and <= 1 and var value
                ? value
                : null;
    }
}
