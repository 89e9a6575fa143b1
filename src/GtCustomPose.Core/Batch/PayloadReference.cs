using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Batch;

/// <summary>Where the batch's answers are.</summary>
public sealed record PayloadReference([property: JsonPropertyName("s3Uri")] string? S3Uri);
