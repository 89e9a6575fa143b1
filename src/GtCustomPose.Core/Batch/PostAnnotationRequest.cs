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

/// <summary>Where the batch's answers are.</summary>
public sealed record PayloadReference([property: JsonPropertyName("s3Uri")] string? S3Uri);

/// <summary>One answer as the payload lists it: inline <c>content</c> (a JSON string) or an <c>s3Uri</c> to
/// fetch.</summary>
/// <param name="WorkerId">Worker id, or a placeholder naming the position when missing.</param>
/// <param name="Content">Inline answer JSON as UTF-8, unescaped from the payload's string.</param>
/// <param name="S3Uri">Where the answer is stored.</param>
/// <param name="Problem">Why the entry itself is unusable.</param>
public sealed record AnswerReference(string WorkerId, ReadOnlyMemory<byte>? Content, string? S3Uri, string? Problem)
{
    /// <summary>When set, <see cref="Content"/> is the inside of the payload's JSON string, still escaped
    /// (validated, without a <c>\u</c> escape), in this array rented from
    /// <see cref="System.Buffers.ArrayPool{T}.Shared"/>: how the batch reads inline answers, each unescaped only where
    /// it must be, and the array returned once the answer is parsed.</summary>
    internal byte[]? EscapedContent { get; init; }
}

/// <summary>One data object of the payload with its answers.</summary>
public sealed record DataObjectAnswers(string DatasetObjectId, IReadOnlyList<AnswerReference> Answers);
