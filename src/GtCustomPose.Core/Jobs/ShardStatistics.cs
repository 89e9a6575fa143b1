using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Jobs;

/// <summary>One shard's partial job statistics, saved for the reduce step.</summary>
/// <param name="Shard">The shard's number.</param>
/// <param name="PartialS3Uri">Where its estimator state is.</param>
/// <param name="Objects">Objects with responses in the shard.</param>
public sealed record ShardStatistics(
    [property: JsonPropertyName("shard")] int Shard,
    [property: JsonPropertyName("partialS3Uri")] string PartialS3Uri,
    [property: JsonPropertyName("objects")] int Objects);
