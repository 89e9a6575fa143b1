using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Jobs;

/// <summary>One shard's partial job statistics, saved for the reduce step.</summary>
/// <param name="Shard">The shard's number.</param>
/// <param name="PartialS3Uri">Where its estimator state is.</param>
/// <param name="Objects">Objects with responses in the shard.</param>
/// <param name="ReadsS3Uri">Where the response files it read are listed (<see cref="ShardReadsDocument"/>), which
/// the shard's labels step must find the same.</param>
/// <param name="Files">Response files read.</param>
/// <param name="Fingerprint">SHA-256 over the files read (<see cref="ShardReads.Fingerprint"/>).</param>
public sealed record ShardStatistics(
    [property: JsonPropertyName("shard")] int Shard,
    [property: JsonPropertyName("partialS3Uri")] string PartialS3Uri,
    [property: JsonPropertyName("objects")] int Objects,
    [property: JsonPropertyName("readsS3Uri")] string ReadsS3Uri,
    [property: JsonPropertyName("files")] int Files,
    [property: JsonPropertyName("fingerprint")] string Fingerprint);
