namespace GtCustomPose.Core;

/// <summary>
/// How labels are named in a manifest line: the label attribute a job writes when none is given, the key of Ground
/// Truth's metadata beside it, and the audit job's attribute. The one owner of these names for the functions, the
/// workflow and the CLI.
/// </summary>
public static class LabelAttributes
{
    /// <summary>The label attribute of a labeling (level-1) job when none is given: <c>pose</c>.</summary>
    public const string Default = "pose";

    /// <summary>What the audit job's attribute adds to the level-1 attribute: <c>-audit</c>.</summary>
    public const string AuditSuffix = "-audit";

    /// <summary>The audit job's label attribute when none is given: <c>pose-audit</c>.</summary>
    public const string DefaultAudit = Default + AuditSuffix;

    /// <summary>The re-label job's label attribute when none is given: <c>pose-relabel</c>.</summary>
    public const string DefaultRelabel = Default + "-relabel";

    /// <summary>What Ground Truth's metadata key adds to the label attribute: <c>-metadata</c>.</summary>
    public const string MetadataSuffix = "-metadata";

    /// <summary>The key of Ground Truth's metadata beside <paramref name="attribute"/>'s label.</summary>
    public static string Metadata(string attribute) => attribute + MetadataSuffix;

    /// <summary>The audit job's label attribute for a level-1 job labeled under <paramref name="attribute"/>.</summary>
    public static string Audit(string attribute) => attribute + AuditSuffix;
}
