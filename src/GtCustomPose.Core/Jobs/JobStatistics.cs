using System.Threading.Channels;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Jobs;

/// <summary>
/// Job-level statistics over any stream of objects' answers, wherever they come from (a Ground Truth job's worker
/// responses, other tools' exports): the one place that pools worker noise and facing habits over a whole job.
/// </summary>
public static class JobStatistics
{
    /// <summary>
    /// The statistics of <paramref name="objects"/>, one estimator per core (at most 8) fed through a bounded channel
    /// of <paramref name="window"/> objects. Merging is exact, so how the objects fall to the estimators never changes
    /// the estimates.
    /// </summary>
    /// <param name="objects">Each object's answers, usable or not.</param>
    /// <param name="rig">The rig the answers use.</param>
    /// <param name="options">Matching and side-repair settings, as <see cref="BatchEstimator"/> takes them.</param>
    /// <param name="window">Objects queued at most; bounds memory. At least 1.</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    public static async Task<BatchEstimator> EstimateAsync(
        IAsyncEnumerable<IReadOnlyList<WorkerAnswer>> objects, Rig rig, ConsolidationOptions options, int window,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var channel = Channel.CreateBounded<IReadOnlyList<WorkerAnswer>>(
            new BoundedChannelOptions(Math.Max(1, window)) { SingleWriter = true });
        var estimators = Enumerable.Range(0, Math.Clamp(Environment.ProcessorCount, 1, 8))
            .Select(_ => new BatchEstimator(rig, options)).ToArray();
        var consumers = estimators.Select(e => Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var answers in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                        e.Add(answers);
                }
                catch (Exception error)
                {
                    // Stops the reader instead of leaving it blocked on a full channel.
                    channel.Writer.TryComplete(error);
                    throw;
                }
            },
            cancellationToken)).ToArray();
        try
        {
            await foreach (var answers in objects.WithCancellation(cancellationToken).ConfigureAwait(false))
                await channel.Writer.WriteAsync(answers, cancellationToken).ConfigureAwait(false);
            channel.Writer.TryComplete();
        }
        catch (ChannelClosedException)
        {
            // A consumer failed and closed the channel: its error, awaited below, is the one to report.
        }
        catch (Exception e)
        {
            channel.Writer.TryComplete(e);
            throw;
        }
        await Task.WhenAll(consumers).ConfigureAwait(false);
        for (var i = 1; i < estimators.Length; i++) estimators[0].Merge(estimators[i]);
        return estimators[0];
    }

    /// <summary>The consolidation options a labels pass uses: the job's estimates, with the values
    /// <paramref name="given"/> sets (worker noise, facing assumptions other than the default) kept.</summary>
    public static ConsolidationOptions Pool(ConsolidationOptions given, BatchEstimates estimates)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(estimates);
        var noise = new Dictionary<string, double>(estimates.WorkerNoise, StringComparer.Ordinal);
        foreach (var (worker, value) in given.WorkerNoise ?? new Dictionary<string, double>()) noise[worker] = value;
        var facing = given.Facing.Equals(FacingAssumptions.Default) ? estimates.Facing : given.Facing;
        return given with
        {
            WorkerNoise = noise, Facing = facing, WorkerDoubt = given.WorkerDoubt ?? estimates.WorkerDoubt,
            WorkerRates = given.WorkerRates ?? estimates.WorkerRates,
        };
    }
}
