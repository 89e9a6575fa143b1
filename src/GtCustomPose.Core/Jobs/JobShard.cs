using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Jobs;

/// <summary>A range of manifest lines (= data object ids) one child of a Step Functions Distributed Map
/// handles.</summary>
/// <param name="Shard">0-based shard number.</param>
/// <param name="FirstLine">0-based position of the shard's first manifest line.</param>
/// <param name="LineCount">Lines in the shard.</param>
public sealed record JobShard(
    [property: JsonPropertyName("shard")] int Shard,
    [property: JsonPropertyName("firstLine")] int FirstLine,
    [property: JsonPropertyName("lineCount")] int LineCount)
{
    /// <summary>Shards of <paramref name="shardSize"/> lines covering <paramref name="lines"/> lines.</summary>
    public static List<JobShard> Plan(int lines, int shardSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardSize, 1);
        var shards = new List<JobShard>();
        for (int first = 0, n = 0; first < lines; first += shardSize, n++) shards.Add(
            new JobShard(n, first, Math.Min(shardSize, lines - first)));
        return shards;
    }
}
