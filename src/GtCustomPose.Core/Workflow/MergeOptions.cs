using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Workflow;

/// <summary>Settings of <see cref="WorkflowMerger"/>.</summary>
public sealed record MergeOptions
{
    /// <summary>The level-1 label attribute, also the final manifest's. Default <c>pose</c>.</summary>
    public string LabelAttribute { get; init; } = LabelAttributes.Default;

    /// <summary>The audit job's label attribute. Default <c>pose-audit</c>.</summary>
    public string AuditLabelAttribute { get; init; } = LabelAttributes.DefaultAudit;

    /// <summary>The rig whose sigmas score how far the auditor moved a label. Default COCO 17.</summary>
    public Rig Rig { get; init; } = Rig.Coco17;

    /// <summary>OKS between the two labels below which a change is material. Default 0.9.</summary>
    public double MaterialOks { get; init; } = 0.9;

    /// <summary>Level-1 job name when a line's metadata does not say.</summary>
    public string? Level1JobName { get; init; }

    /// <summary>Audit job name when a line's metadata does not say.</summary>
    public string? AuditJobName { get; init; }

    /// <summary>The team's target for the residual error rate (0 to 1) the report's advice weighs the estimate
    /// against. Default <see cref="AuditAdvisor.DefaultTargetError"/>.</summary>
    public double TargetError { get; init; } = AuditAdvisor.DefaultTargetError;
}
