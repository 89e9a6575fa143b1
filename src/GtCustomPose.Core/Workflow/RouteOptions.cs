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

    /// <summary>
    /// The default share (0.1 of the level-1 manifest's objects, the highest p_wrong first) a re-label job gets before
    /// the audit when the second level is re-label then audit: 0.3 more crowd answers per object at 3 workers each.
    /// The <c>auto</c> level re-labels at least this much when it re-labels.
    /// </summary>
    public const double DefaultRelabelShare = 0.1;

    /// <summary>
    /// The default most the <c>auto</c> second level re-labels (0.2 of the level-1 manifest's objects: at most 0.6
    /// more crowd answers per object at 3 workers each); above the target it re-labels as many as the audit alone
    /// would miss, from <see cref="DefaultRelabelShare"/> up to this (<see cref="AutoSecondLevel.Choose"/>).
    /// </summary>
    public const double DefaultMaxRelabelShare = 0.2;

    /// <summary>
    /// The default second level of a whole workflow (the CLI's <c>workflow run</c> and the workflow template):
    /// <c>auto</c>, a re-label job before the audit only when the audit budget leaves flagged labels unaudited
    /// (<see cref="AutoSecondLevel"/>).
    /// </summary>
    public const string DefaultSecondLevel = "auto";

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
