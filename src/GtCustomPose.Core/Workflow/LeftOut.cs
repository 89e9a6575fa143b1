namespace GtCustomPose.Core.Workflow;

/// <summary>A flagged object the audit budget left out.</summary>
/// <param name="Line">1-based line in the level-1 manifest.</param>
/// <param name="SourceRef">Its <c>source-ref</c>, when it has one.</param>
/// <param name="PWrong">Its <see cref="AuditRisk.PWrong"/>, 0 to 1.</param>
public sealed record LeftOut(int Line, string? SourceRef, double PWrong);
