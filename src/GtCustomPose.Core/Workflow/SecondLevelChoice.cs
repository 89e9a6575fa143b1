namespace GtCustomPose.Core.Workflow;

/// <summary>What the <c>auto</c> second level chose, and why (for the run's summary and the route's log).</summary>
/// <param name="Relabel">True: re-label the <paramref name="Share"/> most doubtful first, then audit the pooled
/// labels.</param>
/// <param name="ExpectedWrong">The labels an audit alone would be expected to leave wrong: the sum of p_wrong over
/// the flagged objects its budget cannot hold (<see cref="RouteSummary.OverBudgetExpectedWrong"/>).</param>
/// <param name="Allowed">What the target allows: the target error times the number of objects.</param>
/// <param name="Reason">One sentence saying both.</param>
/// <param name="Share">The share of the objects to re-label, 0 to 1 (0 when the audit alone will do).</param>
public sealed record SecondLevelChoice(
    bool Relabel, double ExpectedWrong, double Allowed, string Reason, double Share = 0);
