namespace GtCustomPose.Core.Workflow;

/// <summary>Why an object was sent to the audit job.</summary>
public enum AuditSelection
{
    /// <summary>The level-1 label needs review.</summary>
    Flagged,
    /// <summary>The level-1 job produced no label.</summary>
    NoLabel,
    /// <summary>Drawn into the QA sample.</summary>
    QaSample,
    /// <summary>A label without a verdict, taken by the budget for its high p_wrong.</summary>
    Ranked,
}
