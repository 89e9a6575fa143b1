namespace GtCustomPose.Core.Workflow;

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
