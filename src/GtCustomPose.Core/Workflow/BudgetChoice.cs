namespace GtCustomPose.Core.Workflow;

/// <summary>The budget's choice: lines in each role, the lines of the flagged objects left out (highest p_wrong
/// first), the budget, and the QA objects the sample rate asked for (more than <paramref name="Sample"/> holds when
/// the budget is smaller).</summary>
internal sealed record BudgetChoice(
    IReadOnlyList<int> NoLabel,
    IReadOnlyList<int> Ranked,
    IReadOnlyList<int> Sample,
    IReadOnlyList<BudgetCandidate> Left,
    int Budget,
    int SampleWanted = 0);
