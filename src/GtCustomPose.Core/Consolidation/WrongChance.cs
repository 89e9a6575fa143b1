namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// What one object's consolidation says about how likely its label is wrong, the inputs of
/// <see cref="WrongChance.Estimate"/>. Expected OKS and agreement are 0 to 1.
/// </summary>
/// <param name="Workers">Usable answers.</param>
/// <param name="LeastConfidence">The lowest expected OKS of the label's skeletons; 1 without skeletons.</param>
/// <param name="MeanConfidence">The mean expected OKS of the label's skeletons; 1 without skeletons.</param>
/// <param name="LeastAgreement">The lowest agreement of the label's skeletons; 1 without skeletons.</param>
/// <param name="SidesWrongChance">The facing check's highest chance that a skeleton's sides are exchanged; 0 when it
/// cannot tell.</param>
/// <param name="CountDisputed">A person was drawn by at most half of the workers.</param>
/// <param name="MissedBySome">A person most workers drew was missed by some.</param>
/// <param name="SwapCorrected">A worker's skeleton was mirrored or pair-swapped and corrected.</param>
/// <param name="SwapDisputed">No majority settles which side is left.</param>
/// <param name="Outliers">Clicks left out as outliers, all skeletons.</param>
/// <param name="Skeletons">Skeletons in the label.</param>
/// <param name="CrowdDoubt">How unreliable the object's workers are over the job, 0 (as the consensus) to 1
/// (never); 0 when not known.</param>
public readonly record struct DoubtFeatures(
    int Workers,
    double LeastConfidence,
    double MeanConfidence,
    double LeastAgreement,
    double SidesWrongChance,
    bool CountDisputed,
    bool MissedBySome,
    bool SwapCorrected,
    bool SwapDisputed,
    int Outliers,
    int Skeletons,
    double CrowdDoubt = 0);

/// <summary>
/// The chance that an expert auditor would change a label materially (another number of people, or an OKS between the
/// two labels below 0.9): <see cref="ConsolidatedLabel.PWrong"/>. A logistic model over <see cref="Features"/>, fitted
/// on simulated crowds whose truth is known (docs/label-quality.md gives the fit, the command and the calibration on
/// held-out crowds).
/// </summary>
public static class WrongChance
{
    /// <summary>The model's weights: intercept, then one per <see cref="Features"/> entry (<c>pwrong … fit</c> of the
    /// benchmarks on the tuning crowds and seeds of docs/label-quality.md).</summary>
    internal static readonly double[] Weights =
    [
        -2.658, 0.6502, 0.3156, 0.85, 0.813, 4.375, 0.568, 0.0148, 1.402, 0.1032, 0.2251, 1.036, -0.238, 0.8254, 0.7605,
        1.192, 0.6014, 0.6801, 1.115,
    ];

    /// <summary>
    /// The logistic score mapped to the rate of material changes observed at that score (isotonic regression on the
    /// same crowds), as (score, rate) knots, ascending; between knots linear, outside them the end rate.
    /// </summary>
    internal static readonly (double Score, double Rate)[] Knots =
    [
        (0.009401, 0.001923), (0.01344, 0.002083), (0.0178, 0.003333), (0.02207, 0.005556), (0.02834, 0.01),
        (0.0354, 0.0125), (0.04097, 0.01579), (0.04753, 0.01875), (0.04922, 0.025), (0.05071, 0.04167),
        (0.05847, 0.06786), (0.0733, 0.075), (0.08419, 0.1), (0.09362, 0.1167), (0.1007, 0.15), (0.1171, 0.2),
        (0.1714, 0.2042), (0.2185, 0.25), (0.2327, 0.275), (0.2572, 0.325), (0.2905, 0.4), (0.3453, 0.425),
        (0.392, 0.475), (0.5398, 0.575), (0.6494, 0.775), (0.7365, 0.8125), (0.8399, 0.875), (0.9606, 0.95)
    ];

    /// <summary>The chance, 0 to 1 (4 decimals), for a label with these features; 0.5 for one worker, whose label
    /// nothing checks.</summary>
    public static double Estimate(in DoubtFeatures f) =>
        f.Workers <= 1 ? 0.5 : Math.Round(Calibrate(Of(f, Weights), Knots), 4);

    /// <summary>
    /// A score read through monotone <paramref name="knots"/>; outside them towards (0, 0) and (1, 1), so the order
    /// of the scores is kept everywhere (audits are spent by it).
    /// </summary>
    internal static double Calibrate(double score, IReadOnlyList<(double Score, double Rate)> knots)
    {
        if (score <= knots[0].Score) return knots[0].Rate * Math.Max(0, score) / knots[0].Score;
        for (var i = 1; i < knots.Count; i++)
        {
            if (score > knots[i].Score) continue;
            var (a, b) = (knots[i - 1], knots[i]);
            return a.Rate + (b.Rate - a.Rate) * (score - a.Score) / (b.Score - a.Score);
        }
        var last = knots[^1];
        return last.Rate + (1 - last.Rate) * (Math.Min(1, score) - last.Score) / (1 - last.Score);
    }

    /// <summary>The logistic model with <paramref name="weights"/> (intercept first).</summary>
    internal static double Of(in DoubtFeatures f, IReadOnlyList<double> weights)
    {
        var x = Features(f);
        var z = weights[0];
        for (var i = 0; i < x.Length; i++) z += weights[i + 1] * x[i];
        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>The model's inputs: doubts as 0-to-1 measures, flags as 0 or 1.</summary>
    internal static double[] Features(in DoubtFeatures f) =>
    [
        1 - f.LeastConfidence,
        1 - f.MeanConfidence,
        1 - f.LeastAgreement,
        f.SidesWrongChance,
        f.CountDisputed ? 1 : 0,
        f.MissedBySome ? 1 : 0,
        f.SwapCorrected ? 1 : 0,
        f.SwapDisputed ? 1 : 0,
        (double)f.Outliers / Math.Max(1, f.Skeletons),
        f.CrowdDoubt,
        3.0 / Math.Max(1, f.Workers),
        Math.Min(f.Skeletons, 5) / 3.0,
        Math.Log(1.01 - f.LeastConfidence),
        // The review thresholds as steps: the reasons' tiers ranked audits well on their own.
        f.LeastConfidence < ConsolidationConstants.LowConfidenceThreshold ? 1 : 0,
        f.MeanConfidence < ConsolidationConstants.LowMeanConfidenceThreshold ? 1 : 0,
        f.LeastAgreement < ConsolidationConstants.LowAgreementThreshold ? 1 : 0,
        f.SidesWrongChance > ConsolidationConstants.SidesWrongThreshold ? 1 : 0,
        Math.Sqrt(f.SidesWrongChance),
    ];
}
