using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Batch;

/// <summary>The post-annotation (consolidation) Lambda's event. Unknown fields are ignored; any <c>version</c> is
/// accepted.</summary>
public sealed record PostAnnotationRequest(
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("labelingJobArn")] string? LabelingJobArn,
    [property: JsonPropertyName("labelCategories")] IReadOnlyList<string>? LabelCategories,
    [property: JsonPropertyName("labelAttributeName")] string? LabelAttributeName,
    [property: JsonPropertyName("roleArn")] string? RoleArn,
    [property: JsonPropertyName("payload")] PayloadReference? Payload);
