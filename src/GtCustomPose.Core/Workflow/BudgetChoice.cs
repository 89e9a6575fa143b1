namespace GtCustomPose.Core.Workflow;

/// <summary>The budget's choice: lines in each role, the lines of the flagged objects left out (highest p_wrong
/// first), and the budget.</summary>
internal sealed record BudgetChoice(
    IReadOnlyList<int> NoLabel,
    IReadOnlyList<int> Ranked,
    IReadOnlyList<int> Sample,
    IReadOnlyList<BudgetCandidate> Left,
    int Budget);
