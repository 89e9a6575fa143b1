using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Workflow;

/// <summary>Source-generated JSON for the workflow's own records: snake_case, nulls omitted, as
/// <see cref="CoreJsonContext"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(AuditHint))]
[JsonSerializable(typeof(RouteSummary))]
[JsonSerializable(typeof(MergeReport))]
[JsonSerializable(typeof(MergeFailure))]
public sealed partial class WorkflowJsonContext : JsonSerializerContext;
