namespace GtCustomPose.Core.Workflow;

/// <summary>Settings of <see cref="AuditRouter"/>.</summary>
public sealed record RouteOptions
{
    /// <summary>The level-1 label attribute. Default <c>pose</c>.</summary>
    public string LabelAttribute { get; init; } = LabelAttributes.Default;

    /// <summary>Share (0 to 1) of the objects that need no review drawn into the QA sample. Default 0.05.</summary>
    public double SampleRate { get; init; } = 0.05;

    /// <summary>Seed of the QA sample: the same seed and inputs give the same selection. Default 1.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>
    /// The most objects the audit may hold, as a share (0 to 1) of the level-1 manifest's objects, rounded down.
    /// Objects without a label and the QA sample always go; the flagged objects fill what is left, riskiest first
    /// (<see cref="AuditRisk"/>), and the rest keep their level-1 label and its <c>needs_review</c> verdict. Default
    /// 1: every flagged object goes.
    /// </summary>
    public double MaxAuditShare { get; init; } = 1;

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
/// <param name="OverBudget">Flagged objects left out by <see cref="RouteOptions.MaxAuditShare"/> (0 without a
/// cap).</param>
public sealed record RouteSummary(
    int Objects,
    int Selected,
    int Flagged,
    int NoLabel,
    int Sampled,
    int Invalid,
    IReadOnlyList<string> Problems,
    int OverBudget = 0);
