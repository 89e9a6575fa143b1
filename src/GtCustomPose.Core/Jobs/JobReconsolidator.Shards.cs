using System.Globalization;
using System.Text.Json.Serialization;
using GtCustomPose.Core.Answers;
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

/// <summary>One worker's noise in one shard: the median of its per-object estimates and how many objects gave
/// one.</summary>
public sealed record WorkerNoiseSample(
    [property: JsonPropertyName("median")] double Median,
    [property: JsonPropertyName("objects")] int Objects);

/// <summary>
/// One shard's statistics, to be reduced with the others' (<see cref="JobReconsolidator.Reduce"/>): each worker's noise
/// median with its weight, and the shard's facing rates with the objects they came from.
/// </summary>
public sealed record PartialStatistics(
    [property: JsonPropertyName("shard")] int Shard,
    [property: JsonPropertyName("objects")] int Objects,
    [property: JsonPropertyName("workerNoise")] Dictionary<string, WorkerNoiseSample> WorkerNoise,
    [property: JsonPropertyName("mirrorRate")] double MirrorRate,
    [property: JsonPropertyName("faceHidden")] double FaceHidden,
    [property: JsonPropertyName("visiblePlaced")] double VisiblePlaced,
    [property: JsonPropertyName("hiddenPlaced")] double HiddenPlaced);

/// <summary>Source-generated JSON for the shard records (trim- and AOT-safe), camelCase as Step Functions items
/// are.</summary>
[JsonSerializable(typeof(JobShard))]
[JsonSerializable(typeof(List<JobShard>))]
[JsonSerializable(typeof(PartialStatistics))]
[JsonSerializable(typeof(BatchEstimatesDocument))]
public sealed partial class JobsJsonContext : JsonSerializerContext;

/// <summary>A job's reduced statistics as the labels shards read them.</summary>
public sealed record BatchEstimatesDocument(
    [property: JsonPropertyName("workerNoise")] Dictionary<string, double> WorkerNoise,
    [property: JsonPropertyName("mirrorRate")] double MirrorRate,
    [property: JsonPropertyName("faceHidden")] double FaceHidden,
    [property: JsonPropertyName("visiblePlaced")] double VisiblePlaced,
    [property: JsonPropertyName("hiddenPlaced")] double HiddenPlaced)
{
    /// <summary>As a document.</summary>
    public static BatchEstimatesDocument From(BatchEstimates e) =>
        new(e.WorkerNoise, e.Facing.MirrorRate, e.Facing.FaceHidden, e.Facing.VisiblePlaced, e.Facing.HiddenPlaced);

    /// <summary>Back to estimates.</summary>
    public BatchEstimates ToEstimates() => new(new Dictionary<string, double>(WorkerNoise, StringComparer.Ordinal),
        FacingAssumptions.Default with
        {
            MirrorRate = MirrorRate,
            FaceHidden = FaceHidden,
            VisiblePlaced = VisiblePlaced,
            HiddenPlaced = HiddenPlaced,
        });
}

public sealed partial class JobReconsolidator
{
    /// <summary>
    /// Statistics pass of one shard: its objects read by id (one listing per object's folder, never the whole job).
    /// Noise medians are kept for every worker with their weight, so workers seen a few times in many shards still
    /// count.
    /// </summary>
    public async Task<PartialStatistics> EstimateShardAsync(
        JobShard shard, CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var objects = 0;
        async IAsyncEnumerable<IReadOnlyList<WorkerAnswer>> Answers()
        {
            var pending = new Queue<Task<ObjectResponses>>();
            for (var i = shard.FirstLine; i < shard.FirstLine + shard.LineCount; i++)
            {
                pending.Enqueue(_reader.ReadObjectAsync(i.ToString(CultureInfo.InvariantCulture), cancellationToken));
                while (pending.Count >= Math.Max(1, _options.Window)) yield return Count(
                    await pending.Dequeue().ConfigureAwait(false));
            }
            while (pending.Count > 0) yield return Count(await pending.Dequeue().ConfigureAwait(false));
        }
        IReadOnlyList<WorkerAnswer> Count(ObjectResponses o)
        {
            if (o.Files > 0) objects++;
            // Only objects with three usable answers say who is careful (as the estimate itself counts them).
            var usable = o.Answers.Where(a => a.IsUsable).Select(a => a.WorkerId).Distinct(
                StringComparer.Ordinal).ToList();
            if (usable.Count >= 3) foreach (var w in usable) counts[w] = counts.GetValueOrDefault(w) + 1;
            return o.Answers;
        }
        var estimates = await Task.Run(
            () =>
                Consolidator.EstimateBatch(
                    Answers().ToBlockingEnumerable(cancellationToken), rig, minObjects: 1, _options.Consolidation),
            cancellationToken).ConfigureAwait(false);
        var noise = estimates.WorkerNoise.ToDictionary(
            p =>
                p.Key, p => new WorkerNoiseSample(p.Value, counts.GetValueOrDefault(p.Key, 1)), StringComparer.Ordinal);
        var f = estimates.Facing;
        return new PartialStatistics(
            shard.Shard, objects, noise, f.MirrorRate, f.FaceHidden, f.VisiblePlaced, f.HiddenPlaced);
    }

    /// <summary>
    /// The job's statistics from its shards'. Each worker's noise is the weighted median of its shard medians (workers
    /// with fewer than <paramref name="minObjects"/> objects in all are left out, as in one pass); each facing rate the
    /// mean of the shards' weighted by their objects. Close to, not bit-for-bit, the one-pass figures: the README gives
    /// how many labels differ.
    /// </summary>
    public static BatchEstimates Reduce(IEnumerable<PartialStatistics> partials, int minObjects = 5)
    {
        var byWorker = new Dictionary<string, List<WorkerNoiseSample>>(StringComparer.Ordinal);
        double objects = 0, mirror = 0, hidden = 0, visiblePlaced = 0, hiddenPlaced = 0;
        foreach (var p in partials.OrderBy(p => p.Shard))
        {
            foreach (var (worker, sample) in p.WorkerNoise)
            {
                if (!byWorker.TryGetValue(worker, out var list)) byWorker[worker] = list = [];
                list.Add(sample);
            }
            objects += p.Objects;
            mirror += p.MirrorRate * p.Objects;
            hidden += p.FaceHidden * p.Objects;
            visiblePlaced += p.VisiblePlaced * p.Objects;
            hiddenPlaced += p.HiddenPlaced * p.Objects;
        }
        var noise = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (worker, samples) in byWorker)
            if (samples.Sum(s => s.Objects) >= minObjects) noise[worker] = WeightedMedian(samples);
        var facing = objects == 0 ? FacingAssumptions.Default : FacingAssumptions.Default with
        {
            MirrorRate = mirror / objects, FaceHidden = hidden / objects, VisiblePlaced = visiblePlaced / objects,
            HiddenPlaced = hiddenPlaced / objects,
        };
        return new BatchEstimates(noise, facing);
    }

    private static double WeightedMedian(List<WorkerNoiseSample> samples)
    {
        var sorted = samples.OrderBy(s => s.Median).ToList();
        double total = sorted.Sum(s => s.Objects), seen = 0;
        foreach (var s in sorted)
        {
            seen += s.Objects;
            if (seen * 2 >= total) return s.Median;
        }
        return sorted[^1].Median;
    }
}
