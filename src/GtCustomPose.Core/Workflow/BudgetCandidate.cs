namespace GtCustomPose.Core.Workflow;

/// <summary>One level-1 object as the budget sees it.</summary>
/// <param name="Line">1-based line in the level-1 manifest.</param>
/// <param name="Kind">Why it may go to the audit.</param>
/// <param name="PWrong">Its <see cref="AuditRisk.PWrong"/> (0 for an object without a label).</param>
/// <param name="Draw">Its QA draw, uniform in [0, 1) (<see cref="AuditRouter.Draw"/>).</param>
internal readonly record struct BudgetCandidate(int Line, BudgetKind Kind, double PWrong, double Draw);
