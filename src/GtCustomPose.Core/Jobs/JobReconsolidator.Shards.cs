using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using GtCustomPose.Core.Consolidation;

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

/// <summary>
/// A job's reduced statistics as the labels shards read them: every figure of <see cref="BatchEstimates"/> (all five
/// facing rates), doubles written shortest-round-trip, so the shards consolidate with exactly the one-process
/// estimates.
/// </summary>
public sealed record BatchEstimatesDocument(
    [property: JsonPropertyName("workerNoise")] Dictionary<string, double> WorkerNoise,
    [property: JsonPropertyName("mirrorRate")] double MirrorRate,
    [property: JsonPropertyName("faceHidden")] double FaceHidden,
    [property: JsonPropertyName("visiblePlaced")] double VisiblePlaced,
    [property: JsonPropertyName("hiddenPlaced")] double HiddenPlaced,
    [property: JsonPropertyName("declaredFacingRight")] double DeclaredFacingRight,
    [property: JsonPropertyName("workerDoubt")] Dictionary<string, double>? WorkerDoubt = null,
    [property: JsonPropertyName("workerRates")] Dictionary<string, WorkerRates>? WorkerRates = null)
{
    /// <summary>As a document.</summary>
    public static BatchEstimatesDocument From(BatchEstimates e) =>
        new(
            e.WorkerNoise, e.Facing.MirrorRate, e.Facing.FaceHidden, e.Facing.VisiblePlaced, e.Facing.HiddenPlaced,
            e.Facing.DeclaredFacingRight, e.WorkerDoubt, e.WorkerRates);

    /// <summary>Back to estimates.</summary>
    public BatchEstimates ToEstimates() => new(new Dictionary<string, double>(WorkerNoise, StringComparer.Ordinal),
        FacingAssumptions.Default with
        {
            MirrorRate = MirrorRate,
            FaceHidden = FaceHidden,
            VisiblePlaced = VisiblePlaced,
            HiddenPlaced = HiddenPlaced,
            DeclaredFacingRight = DeclaredFacingRight,
        },
        Copy(WorkerDoubt), Copy(WorkerRates));

    private static Dictionary<string, T>? Copy<T>(Dictionary<string, T>? d) =>
        d is null ? null : new Dictionary<string, T>(d, StringComparer.Ordinal);
}

public sealed partial class JobReconsolidator
{
    /// <summary>
    /// Statistics pass of one shard: its objects read by id (one listing per object's folder, never the whole job)
    /// into a <see cref="BatchEstimator"/> whose state (<see cref="BatchEstimator.SaveState"/>) the reduce merges.
    /// </summary>
    /// <param name="shard">The shard.</param>
    /// <param name="reads">Receives every file read, for the shard's labels pass to check against; null: not
    /// recorded.</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    public Task<BatchEstimator> EstimateShardAsync(
        JobShard shard, ShardReads? reads = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return EstimateObjectsAsync(ReadShardAsync(shard, reads, cancellationToken), cancellationToken);
    }

    private async IAsyncEnumerable<ObjectResponses> ReadShardAsync(
        JobShard shard, ShardReads? reads, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var o in ReadRangeAsync(shard, cancellationToken).ConfigureAwait(false))
        {
            reads?.Record(o);
            yield return o;
        }
    }

    private async IAsyncEnumerable<ObjectResponses> ReadRangeAsync(
        JobShard shard, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pending = new Queue<Task<ObjectResponses>>();
        for (var i = shard.FirstLine; i < shard.FirstLine + shard.LineCount; i++)
        {
            pending.Enqueue(_reader.ReadObjectAsync(i.ToString(CultureInfo.InvariantCulture), cancellationToken));
            while (pending.Count >= Math.Max(1, _options.Window))
                yield return await pending.Dequeue().ConfigureAwait(false);
        }
        while (pending.Count > 0) yield return await pending.Dequeue().ConfigureAwait(false);
    }

    /// <summary>An estimator restored from a shard's <see cref="BatchEstimator.SaveState"/>, over this job's rig and
    /// consolidation options.</summary>
    /// <exception cref="FormatException">The state is not valid; the message names the field.</exception>
    public BatchEstimator LoadShard(ReadOnlySpan<byte> state) =>
        BatchEstimator.LoadState(state, rig, _options.Consolidation);

    /// <summary>
    /// The job's statistics from its shards': their estimators merged, then built as one pass over the whole job would
    /// build them. Merging is exact, so the result equals <see cref="EstimateAsync"/>'s bit for
    /// bit, whatever the shards.
    /// </summary>
    public BatchEstimates Reduce(IEnumerable<BatchEstimator> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var total = new BatchEstimator(rig, _options.Consolidation);
        foreach (var shard in shards) total.Merge(shard);
        return Build(total);
    }
}
