using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Jobs;

/// <summary>One shard's labelled lines, and its counts (also saved for the assemble step).</summary>
/// <param name="Shard">The shard's number.</param>
/// <param name="LinesS3Uri">Its lines, in manifest order.</param>
/// <param name="Objects">Lines written.</param>
/// <param name="Flagged">Labels that need review.</param>
/// <param name="NoLabel">Lines written without a label.</param>
/// <param name="Answers">The shard's answers listed, read and lost; the S3 retries of its labels and statistics
/// steps.</param>
public sealed record ShardLabels(
    [property: JsonPropertyName("shard")] int Shard,
    [property: JsonPropertyName("linesS3Uri")] string LinesS3Uri,
    [property: JsonPropertyName("objects")] int Objects,
    [property: JsonPropertyName("flagged")] int Flagged,
    [property: JsonPropertyName("noLabel")] int NoLabel,
    [property: JsonPropertyName("answers")] AnswerCounts? Answers = null);
