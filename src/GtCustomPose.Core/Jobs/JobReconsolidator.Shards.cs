using System.Globalization;
using System.Runtime.CompilerServices;
using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core.Jobs;

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
