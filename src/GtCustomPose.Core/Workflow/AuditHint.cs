namespace GtCustomPose.Core.Workflow;

/// <summary>
/// The <c>gtpose-audit</c> object of an audit-job line: why the object was chosen and what is in doubt, for the audit
/// page to show and highlight (CONTRACTS, "Audit line key").
/// </summary>
/// <param name="Reasons">The level-1 label's review reasons, or <c>["no_label"]</c>, or <c>["high_p_wrong"]</c> (a
/// label without a verdict the budget took by its p_wrong), or <c>["qa_sample"]</c> (followed by the review reasons
/// of a flagged object the ranking left and the QA draw took).</param>
/// <param name="Doubtful">Skeletons in doubt and their doubtful keypoints; empty for QA samples and objects without a
/// label.</param>
/// <param name="SourceJob">The level-1 labeling job's name, when the line's metadata names it.</param>
/// <param name="LabelAttribute">The level-1 label attribute (the audit job's chained label attribute).</param>
/// <param name="Line">
/// The object's 1-based line in the level-1 manifest: merge joins the audit output on it, so an image listed twice is
/// still matched to the right line.
/// </param>
/// <param name="Mode">
/// <see cref="RelabelMode"/> when the object goes to a re-label job (more workers, no initial values) instead of an
/// audit; null for an audit.
/// </param>
public sealed record AuditHint(
    IReadOnlyList<string> Reasons,
    IReadOnlyList<DoubtfulInstance> Doubtful,
    string? SourceJob,
    string LabelAttribute,
    int? Line = null,
    string? Mode = null)
{
    /// <summary>The <see cref="Mode"/> of a line routed to a re-label job.</summary>
    public const string RelabelMode = "relabel";

    /// <summary>The manifest key the hint is written under.</summary>
    public const string Key = "gtpose-audit";

    /// <summary>Reason for an object the level-1 job left without a label: the auditor labels it from
    /// scratch.</summary>
    public const string NoLabel = "no_label";

    /// <summary>Reason for an object drawn into the uniform QA sample of those that did not need review.</summary>
    public const string QaSample = "qa_sample";

    /// <summary>Reason for a label without a verdict that the budget took for its high p_wrong.</summary>
    public const string HighPWrong = "high_p_wrong";

    /// <summary>Reason for a label that says it needs review but names no reason.</summary>
    public const string NeedsReview = "needs_review";

    /// <summary>Why the object went to the audit, as the report counts it: flagged, no label or QA sample.</summary>
    public AuditSelection Selection =>
        Reasons.Contains(QaSample) ? AuditSelection.QaSample
        : Reasons.Contains(NoLabel) ? AuditSelection.NoLabel
        : Reasons.Contains(HighPWrong) ? AuditSelection.Ranked
        : AuditSelection.Flagged;
}
