using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Workflow;

/// <summary>What the residual estimate asks the team to do; written in snake_case.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AdviceAction>))]
public enum AdviceAction
{
    /// <summary>The interval's upper bound is at or below the target.</summary>
    [JsonStringEnumMemberName("target_met")] TargetMet,
    /// <summary>The estimate is at or below the target but its interval reaches above: a larger QA sample would
    /// tell.</summary>
    [JsonStringEnumMemberName("larger_sample")] LargerSample,
    /// <summary>The estimate is above the target: audit the next objects by p_wrong.</summary>
    [JsonStringEnumMemberName("audit_more")] AuditMore,
    /// <summary>Auditing alone would take most of the unaudited objects: re-label them; the crowd is poor.</summary>
    [JsonStringEnumMemberName("relabel")] Relabel,
    /// <summary>No QA object was audited (or nothing is left unaudited): no estimate to act on.</summary>
    [JsonStringEnumMemberName("no_estimate")] NoEstimate,
}
