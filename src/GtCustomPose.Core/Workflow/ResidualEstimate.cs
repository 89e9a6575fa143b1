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
