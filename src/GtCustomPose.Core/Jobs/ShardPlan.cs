using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Jobs;

/// <summary>The shards a Distributed Map fans out over, written to <c>shards.json</c> in the work folder.</summary>
/// <param name="WorkS3Uri">The work folder of this re-consolidation.</param>
/// <param name="ShardsBucket">Bucket of the shard list (the Map's item reader).</param>
/// <param name="ShardsKey">Key of the shard list.</param>
/// <param name="Shards">Shards planned.</param>
/// <param name="Objects">Manifest lines (= data objects).</param>
public sealed record ShardPlan(
    [property: JsonPropertyName("workS3Uri")] string WorkS3Uri,
    [property: JsonPropertyName("shardsBucket")] string ShardsBucket,
    [property: JsonPropertyName("shardsKey")] string ShardsKey,
    [property: JsonPropertyName("shards")] int Shards,
    [property: JsonPropertyName("objects")] int Objects);
