namespace GtCustomPose.Core.Workflow;

/// <summary>One line of <c>failures.jsonl</c>: a level-1 line with no label anywhere, and why.</summary>
/// <param name="Line">1-based line in the level-1 manifest.</param>
/// <param name="SourceRef">The object's <c>source-ref</c>, when it has one.</param>
/// <param name="Reason">Why no label was written.</param>
public sealed record MergeFailure(int Line, string? SourceRef, string Reason);
