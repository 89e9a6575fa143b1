using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Jobs;

/// <summary><see cref="ShardReads"/> as saved in the work folder (<c>reads/shard-00007.json</c>).</summary>
/// <param name="Shard">The shard's number.</param>
/// <param name="Files">Response files read, all objects.</param>
/// <param name="Fingerprint">SHA-256 over every file's line <c>uri \t bytes \t content \n</c>, in URI order.</param>
/// <param name="Objects">Each object id with files, and its files in URI order.</param>
/// <param name="StatisticsStep">The statistics step's own counts (its S3 retries), for the labels step to carry into
/// the job's summary.</param>
public sealed record ShardReadsDocument(
    [property: JsonPropertyName("shard")] int Shard,
    [property: JsonPropertyName("files")] int Files,
    [property: JsonPropertyName("fingerprint")] string Fingerprint,
    [property: JsonPropertyName("objects")] Dictionary<string, List<ResponseFileRead>> Objects,
    [property: JsonPropertyName("statisticsStep")] AnswerCounts? StatisticsStep = null);
