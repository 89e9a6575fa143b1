using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Jobs;

/// <summary>Source-generated JSON for the shard records (trim- and AOT-safe), camelCase as Step Functions items
/// are.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(ReconsolidationSummary))]
[JsonSerializable(typeof(JobShard))]
[JsonSerializable(typeof(List<JobShard>))]
[JsonSerializable(typeof(BatchEstimatesDocument))]
[JsonSerializable(typeof(ReconsolidatedJob))]
[JsonSerializable(typeof(ShardPlan))]
[JsonSerializable(typeof(ShardStatistics))]
[JsonSerializable(typeof(ReducedStatistics))]
[JsonSerializable(typeof(ShardLabels))]
[JsonSerializable(typeof(ShardReadsDocument))]
public sealed partial class JobsJsonContext : JsonSerializerContext;
