using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Jobs;

/// <summary>The job's statistics, reduced exactly from every shard's.</summary>
/// <param name="StatisticsS3Uri">Where the labels step reads them.</param>
/// <param name="Workers">Workers whose click noise is known.</param>
/// <param name="Shards">Shards reduced.</param>
/// <param name="Objects">Objects with responses over all shards.</param>
public sealed record ReducedStatistics(
    [property: JsonPropertyName("statisticsS3Uri")] string StatisticsS3Uri,
    [property: JsonPropertyName("workers")] int Workers,
    [property: JsonPropertyName("shards")] int Shards,
    [property: JsonPropertyName("objects")] int Objects);
