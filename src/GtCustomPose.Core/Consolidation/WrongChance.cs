namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// The chance that an expert auditor would change a label materially (another number of people, or an OKS between the
/// two labels below 0.9): <see cref="ConsolidatedLabel.PWrong"/>. A logistic model over <see cref="Features"/>, fitted
/// on simulated crowds whose truth is known (docs/label-quality.md gives the fit, the command and the calibration on
/// held-out crowds).
/// </summary>
internal static class WrongChance
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

    /// <summary>
    /// <see cref="Knots"/> for labels of exactly two workers, fitted on the same tuning seeds' two-worker crowds
    /// (<c>pwrong … calibrate workers=2 …</c>, docs/label-quality.md): the model's score ranks their labels as it
    /// ranks others, but it was fitted on three and five workers and reads two workers' scores as twice as wrong as
    /// they are.
    /// </summary>
    internal static readonly (double Score, double Rate)[] TwoWorkerKnots =
    [
        (0.05157, 0.03333), (0.08054, 0.04286), (0.1986, 0.08088), (0.2881, 0.09464), (0.3605, 0.1083),
        (0.5475, 0.2083), (0.5935, 0.275), (0.6106, 0.3), (0.623, 0.325), (0.6355, 0.3833), (0.6573, 0.3875),
        (0.678, 0.4), (0.7769, 0.4569), (0.9601, 0.5017), (0.9934, 0.64), (0.9954, 0.725), (0.9968, 0.8),
        (0.9977, 0.875), (0.9993, 0.925)
    ];

    /// <summary>The chance, 0 to 1 (4 decimals), for a label with these features; 0.5 for one worker, whose label
    /// nothing checks.</summary>
    public static double Estimate(in DoubtFeatures f) => f.Workers switch
    {
        <= 1 => 0.5,
        2 => Math.Round(Calibrate(Of(f, Weights), TwoWorkerKnots), 4),
        _ => Math.Round(Calibrate(Of(f, Weights), Knots), 4),
    };

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
