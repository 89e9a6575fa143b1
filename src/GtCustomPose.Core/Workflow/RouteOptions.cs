namespace GtCustomPose.Core.Workflow;

/// <summary>Settings of <see cref="AuditRouter"/>.</summary>
public sealed record RouteOptions
{
    /// <summary>
    /// The default QA share (0.05): the one default of the CLI, the workflow functions and the templates (a test
    /// checks the templates against it).
    /// </summary>
    public const double DefaultSampleRate = 0.05;

    /// <summary>The default audit budget (0.15 of the level-1 manifest's objects).</summary>
    public const double DefaultMaxAuditShare = 0.15;

    /// <summary>The level-1 label attribute. Default <c>pose</c>.</summary>
    public string LabelAttribute { get; init; } = LabelAttributes.Default;

    /// <summary>
    /// The QA sample's size as a share (0 to 1) of the level-1 manifest's objects, rounded, at least one object when
    /// above 0; drawn inside <see cref="MaxAuditShare"/>, uniformly from the labeled objects the ranking leaves out.
    /// Default <see cref="DefaultSampleRate"/>.
    /// </summary>
    public double SampleRate { get; init; } = DefaultSampleRate;

    /// <summary>Seed of the QA sample: the same seed and inputs give the same selection. Default 1.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>
    /// The audit budget: the objects the audit holds, as a share (0 to 1) of the level-1 manifest's objects, rounded
    /// down. Objects without a label always go and the QA sample is drawn inside it; the labeled objects fill what is
    /// left by <see cref="AuditRisk.PWrong"/>, highest first (<see cref="AuditBudget"/>), and the rest keep their
    /// level-1 label and its <c>needs_review</c> verdict. 1 audits every object. Default
    /// <see cref="DefaultMaxAuditShare"/>.
    /// </summary>
    public double MaxAuditShare { get; init; } = DefaultMaxAuditShare;

    /// <summary>A keypoint whose confidence is below this is listed as doubtful. Default 0.6.</summary>
    public double DoubtfulKeypointConfidence { get; init; } = 0.6;

    /// <summary>The level-1 job's name for the hint; default: the line's
    /// <c>&lt;attribute&gt;-metadata.job-name</c>.</summary>
    public string? SourceJob { get; init; }
}

/// <summary>Counts of one routing; <see cref="Problems"/> names each line that could not be read as it
/// should.</summary>
/// <param name="Objects">Level-1 lines read as JSON objects.</param>
/// <param name="Selected">Lines written to the audit manifest.</param>
/// <param name="Flagged">Of those, objects sent because their label needs review.</param>
/// <param name="NoLabel">Of those, objects sent because they have no label.</param>
/// <param name="Sampled">Of those, objects sent as the QA sample.</param>
/// <param name="Invalid">Lines that were not JSON objects, not routed.</param>
/// <param name="Problems">One message per line that could not be read as it should.</param>
/// <param name="OverBudget">Flagged objects the budget (<see cref="RouteOptions.MaxAuditShare"/>) left out.</param>
/// <param name="Budget">The most objects the audit could hold.</param>
/// <param name="OverBudgetExpectedWrong">The sum of <see cref="AuditRisk.PWrong"/> over <see cref="Left"/>: how
/// many of them an expert would be expected to change.</param>
/// <param name="Left">The flagged objects the budget left out, by p_wrong, highest first.</param>
/// <param name="Ranked">Of the selected, labels without a verdict the budget took for their high p_wrong.</param>
/// <param name="SampleWanted">QA objects <see cref="RouteOptions.SampleRate"/> asked for; more than
/// <see cref="Sampled"/> when the budget could not hold them.</param>
public sealed record RouteSummary(
    int Objects,
    int Selected,
    int Flagged,
    int NoLabel,
    int Sampled,
    int Invalid,
    IReadOnlyList<string> Problems,
    int OverBudget = 0,
    int Budget = 0,
    double OverBudgetExpectedWrong = 0,
    IReadOnlyList<LeftOut>? Left = null,
    int Ranked = 0,
    int SampleWanted = 0)
{
    /// <summary>
    /// A line for the summary when the budget held fewer QA objects than the sample rate asked for; null otherwise.
    /// </summary>
    public string? SampleShortfall => SampleWanted > Sampled
        ? $"the QA sample holds {Sampled} of the {SampleWanted} objects the sample rate asks for: the budget of " +
          $"{Budget} has no room for more (raise the audit budget, --max-audit-share)"
        : null;
}

/// <summary>A flagged object the audit budget left out.</summary>
/// <param name="Line">1-based line in the level-1 manifest.</param>
/// <param name="SourceRef">Its <c>source-ref</c>, when it has one.</param>
/// <param name="PWrong">Its <see cref="AuditRisk.PWrong"/>, 0 to 1.</param>
public sealed record LeftOut(int Line, string? SourceRef, double PWrong);
