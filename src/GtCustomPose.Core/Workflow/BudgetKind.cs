namespace GtCustomPose.Core.Workflow;

/// <summary>What the budget knows of a candidate.</summary>
internal enum BudgetKind
{
    /// <summary>No label: always audited, from scratch.</summary>
    NoLabel,
    /// <summary>A label that needs review.</summary>
    Flagged,
    /// <summary>A label without a verdict.</summary>
    Unflagged,
}
