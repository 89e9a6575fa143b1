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
        -2.674, 0.6597, 0.3262, 0.6996, 2.195, 4.721, 0.4649, 0.06331, 0.644, 0.08548, 0.3115, 0.9071, -0.2325,
        0.7616, 0.8654, 1.278, 0.6335, 0.6532, 1.927,
    ];

    /// <summary>
    /// The logistic score mapped to the rate of material changes observed at that score (isotonic regression on the
    /// same crowds), as (score, rate) knots, ascending; between knots linear, outside them the end rate.
    /// </summary>
    internal static readonly (double Score, double Rate)[] Knots =
    [
        (0.01306, 0.001724), (0.01945, 0.003571), (0.0242, 0.007812), (0.02652, 0.008333), (0.03145, 0.008929),
        (0.04149, 0.02045), (0.04825, 0.03333), (0.05465, 0.05192), (0.06719, 0.05417), (0.07705, 0.1167),
        (0.0866, 0.125), (0.1274, 0.1821), (0.2052, 0.1875), (0.2358, 0.25), (0.2786, 0.275), (0.3224, 0.525),
        (0.4234, 0.55), (0.5956, 0.6), (0.6766, 0.8333), (0.7717, 0.86), (0.9121, 0.9182)
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
