namespace GtCustomPose.Core.Workflow;

/// <summary>
/// A level-1 manifest as route holds it between reading and writing (<see cref="AuditRouter"/>): each line as UTF-8
/// with its hint, and the budget's candidates. Read once, it can be routed under more than one budget.
/// </summary>
internal sealed class HeldLines
{
    /// <summary>Per 1-based line number: the line, its hint, and its <c>source-ref</c>.</summary>
    public Dictionary<int, (byte[] Line, AuditHint Hint, string? SourceRef)> Lines { get; } = [];

    /// <summary>Every labeled or unlabeled object, in input order.</summary>
    public List<BudgetCandidate> Candidates { get; } = [];

    /// <summary>Lines read as JSON objects.</summary>
    public int Objects { get; set; }

    /// <summary>Lines that were not JSON objects.</summary>
    public int Invalid { get; set; }

    /// <summary>One message per line that could not be read as it should.</summary>
    public List<string> Problems { get; } = [];
}
