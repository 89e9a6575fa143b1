namespace GtCustomPose.Core.Workflow;

/// <summary>What the label → audit → merge workflow did, written as <c>report.json</c>.</summary>
/// <param name="Objects">Level-1 manifest lines.</param>
/// <param name="Written">Lines of the final manifest.</param>
/// <param name="Failures">Lines sent to <c>failures.jsonl</c>; <see cref="Objects"/> = <see cref="Written"/> +
/// this.</param>
/// <param name="Flagged">Objects whose level-1 label needs review.</param>
/// <param name="NoLabel">Objects the level-1 job left without a label.</param>
/// <param name="Sampled">Objects sent to the audit as QA samples.</param>
/// <param name="Audited">Objects the audit job returned a label for.</param>
/// <param name="NoChangesNeeded">Audited objects whose auditors all said no changes were needed.</param>
/// <param name="Changed">Audited objects whose label the auditor changed at all.</param>
/// <param name="ChangedMaterially">Audited objects changed materially: another number of people, or OKS between the two
/// labels below 0.9.</param>
/// <param name="VerdictPrecision">Flagged objects the auditor changed materially, of the flagged ones audited.</param>
/// <param name="ResidualErrorEstimate">
/// The share of QA-sampled objects the auditor changed materially, with its Wilson interval: the sample alone, which
/// over-represents middling p_wrong (the sample is drawn within bands of it, <see cref="QaStrata"/>), so not an
/// estimate of the residual. <see cref="Residual"/> is the estimate to act on.
/// </param>
/// <param name="Level1Job">The level-1 job's name, when known.</param>
/// <param name="AuditJob">The audit job's name, when known.</param>
/// <param name="FlaggedUnaudited">
/// Flagged objects the audit returned no label for (left out by the route's cap, or not answered): they keep the
/// level-1 label and its <c>needs_review</c> verdict, so the exports leave them out unless asked.
/// </param>
/// <param name="Residual">The error rate left among the unaudited objects, from the QA sample and every unaudited
/// object's p_wrong (<see cref="ResidualEstimator"/>).</param>
/// <param name="LeftOut">The flagged objects nobody audited, highest p_wrong first.</param>
/// <param name="LeftOutExpectedWrong">The sum of their p_wrong: how many of them an expert would be expected to
/// change.</param>
/// <param name="Advice">What to do about the residual error against the target (<see cref="AuditAdvisor"/>).</param>
public sealed record MergeReport(
    int Objects,
    int Written,
    int Failures,
    int Flagged,
    int NoLabel,
    int Sampled,
    int Audited,
    int NoChangesNeeded,
    int Changed,
    int ChangedMaterially,
    Proportion VerdictPrecision,
    Proportion ResidualErrorEstimate,
    string? Level1Job,
    string? AuditJob,
    int FlaggedUnaudited = 0,
    ResidualEstimate? Residual = null,
    IReadOnlyList<LeftOut>? LeftOut = null,
    double LeftOutExpectedWrong = 0,
    AuditAdvice? Advice = null)
{
    /// <summary>Mean answers behind each labeled object's label (level 1's, or pooled with a re-label job's): the
    /// cost in answers per object; null without labels.</summary>
    public double? AnswersPerObject { get; init; }

    /// <summary>Labels pooled with a re-label job's answers (their metadata names <c>pooled-jobs</c>).</summary>
    public int Relabeled { get; init; }
}

/// <summary>A proportion with its 95% Wilson interval.</summary>
/// <param name="Rate">Successes over trials; null without trials.</param>
/// <param name="Low">Lower bound of the 95% Wilson interval (0 without trials).</param>
/// <param name="High">Upper bound (1 without trials).</param>
/// <param name="Successes">Count in the numerator.</param>
/// <param name="Trials">Count in the denominator.</param>
public sealed record Proportion(double? Rate, double Low, double High, int Successes, int Trials)
{
    /// <summary>The proportion of <paramref name="successes"/> in <paramref name="trials"/> with its
    /// interval.</summary>
    public static Proportion Of(int successes, int trials)
    {
        var (low, high) = WilsonInterval.Of(successes, trials);
        return new Proportion(trials == 0 ? null : (double)successes / trials, low, high, successes, trials);
    }
}

/// <summary>One line of <c>failures.jsonl</c>: a level-1 line with no label anywhere, and why.</summary>
/// <param name="Line">1-based line in the level-1 manifest.</param>
/// <param name="SourceRef">The object's <c>source-ref</c>, when it has one.</param>
/// <param name="Reason">Why no label was written.</param>
public sealed record MergeFailure(int Line, string? SourceRef, string Reason);
