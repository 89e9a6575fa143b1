namespace GtCustomPose.Core.Workflow;

/// <summary>
/// The estimate of the error left among the objects nobody audited: the share of them an expert auditor would change
/// materially.
/// </summary>
/// <param name="Rate">The estimate, 0 to 1; null when nothing is left unaudited or no QA object was audited.</param>
/// <param name="Low">Lower bound of its 95% interval; null without an interval.</param>
/// <param name="High">Upper bound of its 95% interval; null without an interval.</param>
/// <param name="Unaudited">Labeled objects nobody audited.</param>
/// <param name="ExpectedWrong">The sum of their p_wrong: how many of them p_wrong alone predicts are wrong.</param>
/// <param name="Sampled">QA-sampled objects the audit returned a label for.</param>
/// <param name="SampleChanged">Of those, the ones the auditor changed materially.</param>
/// <param name="SampleExpected">The sum of the audited QA objects' p_wrong: what p_wrong predicted for them.</param>
public sealed record ResidualEstimate(
    double? Rate,
    double? Low,
    double? High,
    int Unaudited,
    double ExpectedWrong,
    int Sampled,
    int SampleChanged,
    double SampleExpected)
{
    /// <summary>The interval's width (High − Low), null without an interval.</summary>
    public double? Width => High - Low;

    /// <summary>
    /// The p_wrong model's own estimate, <see cref="ExpectedWrong"/> over <see cref="Unaudited"/>, uncorrected by any
    /// QA sample: the residual to report when there is no auditor (a re-label level); null with nothing unaudited.
    /// </summary>
    public double? ModelRate => Unaudited == 0 ? null : Math.Round(ExpectedWrong / Unaudited, 4);
}

/// <summary>
/// The residual estimate from the QA sample and every unaudited object's p_wrong: a difference estimator
/// (prediction-powered inference for a finite population). The mean p_wrong of the unaudited objects, which is known
/// exactly, plus the QA sample's mean of (changed − p_wrong), which corrects whatever bias p_wrong has. Unbiased
/// whatever p_wrong's calibration, since the sample is a uniform draw; the better p_wrong predicts the auditor, the
/// narrower the interval.
/// </summary>
/// <remarks>
/// The variance is that of predicting the unaudited objects' mean from the sample's, s²(1/n + 1/N), with s² at least
/// the mean p_wrong(1 − p_wrong) of the unaudited objects: the spread a calibrated p_wrong implies, so that a small
/// sample which happens to see no change cannot claim an interval narrower than the errors it could not see.
/// </remarks>
public static class ResidualEstimator
{
    /// <summary>
    /// Estimates from <paramref name="unaudited"/> (each unaudited labeled object's p_wrong, 0 to 1) and
    /// <paramref name="sample"/> (each audited QA object's p_wrong and whether the auditor changed it materially).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A p_wrong outside 0..1.</exception>
    public static ResidualEstimate Estimate(
        IReadOnlyList<double> unaudited,
        IReadOnlyList<(double PWrong, bool Changed)> sample,
        double z = WilsonInterval.Z95)
    {
        if (unaudited.Any(p => p is not (>= 0 and <= 1)) || sample.Any(s => s.PWrong is not (>= 0 and <= 1)))
            throw new ArgumentOutOfRangeException(nameof(unaudited), "a p_wrong is outside 0..1");
        int big = unaudited.Count, n = sample.Count;
        var expected = unaudited.Sum();
        var changed = sample.Count(s => s.Changed);
        var sampleExpected = sample.Sum(s => s.PWrong);
        if (big == 0 || n == 0)
            return new ResidualEstimate(null, null, null, big, expected, n, changed, sampleExpected);
        var differences = sample.Select(s => (s.Changed ? 1 : 0) - s.PWrong).ToArray();
        var bias = differences.Average();
        var spread = n > 1 ? differences.Sum(d => (d - bias) * (d - bias)) / (n - 1) : 0;
        var floor = unaudited.Average(p => p * (1 - p));
        var se = Math.Sqrt(Math.Max(spread, floor) * (1.0 / n + 1.0 / big));
        var raw = expected / big + bias;
        return new ResidualEstimate(
            Math.Clamp(raw, 0, 1), Math.Clamp(raw - z * se, 0, 1), Math.Clamp(raw + z * se, 0, 1), big, expected, n,
            changed, sampleExpected);
    }
}
