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
/// (prediction-powered inference for a finite population), stratified by bands of p_wrong (<see cref="QaStrata"/>).
/// Per band, the mean p_wrong of its unaudited objects, which is known exactly, plus the band's QA mean of
/// (changed − p_wrong), which corrects whatever bias p_wrong has there; the bands weighed by their unaudited objects.
/// Unbiased whatever p_wrong's calibration, since the sample is a uniform draw within each band; the better p_wrong
/// predicts the auditor, the narrower the interval.
/// </summary>
/// <remarks>
/// A band with fewer than <see cref="QaStrata.MinPerBand"/> QA objects is pooled with its neighbour (a sample drawn
/// uniformly over all bands, as routes before the strata drew it, is post-stratified the same way). Each band's
/// variance is that of predicting its unaudited objects' mean from its sample's, s²(1/n + 1/N), with s² at least the
/// mean p_wrong(1 − p_wrong) of its unaudited objects: the spread a calibrated p_wrong implies, so that a small sample
/// which happens to see no change cannot claim an interval narrower than the errors it could not see.
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
        double raw = 0, variance = 0;
        foreach (var (left, drawn) in Strata(unaudited, sample))
        {
            if (left.Count == 0) continue;
            var share = (double)left.Count / big;
            var differences = drawn.Select(s => (s.Changed ? 1 : 0) - s.PWrong).ToArray();
            var bias = differences.Average();
            var spread = differences.Length > 1
                ? differences.Sum(d => (d - bias) * (d - bias)) / (differences.Length - 1)
                : 0;
            var floor = left.Average(p => p * (1 - p));
            raw += share * (left.Average() + bias);
            variance += share * share * Math.Max(spread, floor) * (1.0 / differences.Length + 1.0 / left.Count);
        }
        var se = Math.Sqrt(variance);
        return new ResidualEstimate(
            Math.Clamp(raw, 0, 1), Math.Clamp(raw - z * se, 0, 1), Math.Clamp(raw + z * se, 0, 1), big, expected, n,
            changed, sampleExpected);
    }

    /// <summary>
    /// The bands, each as its unaudited p_wrong and its QA objects, a band short of samples pooled into the next
    /// (the last into the one before it); every band returned has a QA object.
    /// </summary>
    private static List<(List<double> Left, List<(double PWrong, bool Changed)> Drawn)> Strata(
        IReadOnlyList<double> unaudited, IReadOnlyList<(double PWrong, bool Changed)> sample)
    {
        var bands = Enumerable.Range(0, QaStrata.Count)
            .Select(_ => (Left: new List<double>(), Drawn: new List<(double PWrong, bool Changed)>())).ToList();
        foreach (var p in unaudited) bands[QaStrata.Band(p)].Left.Add(p);
        foreach (var s in sample) bands[QaStrata.Band(s.PWrong)].Drawn.Add(s);
        for (var b = 0; b < bands.Count && bands.Count > 1;)
        {
            if (bands[b].Drawn.Count >= QaStrata.MinPerBand) { b++; continue; }
            var into = b + 1 < bands.Count ? b + 1 : b - 1;
            bands[into].Left.AddRange(bands[b].Left);
            bands[into].Drawn.AddRange(bands[b].Drawn);
            bands.RemoveAt(b);
            if (into < b) b = into;
        }
        return bands;
    }
}
