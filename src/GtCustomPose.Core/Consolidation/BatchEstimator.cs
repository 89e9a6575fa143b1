using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// Batch or job statistics in one pass over the objects, in memory that grows with the workers, not the objects:
/// <see cref="Add"/> each object's answers, then <see cref="Build"/> the estimates to consolidate with
/// (<see cref="ConsolidationOptions.WorkerNoise"/>, <see cref="ConsolidationOptions.Facing"/>).
/// <list type="bullet">
/// <item>Worker noise: the median of a worker's per-object click variances (tolerance units, as
/// <see cref="ConsolidationOptions.WorkerNoise"/>) over the objects it shared with at least two other workers; exact up
/// to 4,096 objects per worker, within 0.25% past that. A worker seen only in objects of two workers gets its noise
/// from those pairs (<see cref="NoiseEstimation.FromPairSums"/>).</item>
/// <item>Facing: <see cref="ConsolidationOptions.Facing"/> refined by the skeletons at least two workers drew, each
/// rate only where about 30 skeletons speak to it.</item>
/// </list>
/// The result does not depend on the order objects are added in (past 4,096 objects per worker, the facing mixture's
/// sums may differ in the last bits). Not thread-safe: one estimator per thread, then <see cref="Merge"/>; between
/// processes, <see cref="SaveState"/> and <see cref="LoadState"/> carry everything it counted, bit for bit.
/// </summary>
public sealed partial class BatchEstimator
{
    private readonly Rig _rig;
    private readonly ConsolidationOptions _options;
    private readonly int _minObjects;
    private readonly Dictionary<string, RunningMedian> _noise = new(StringComparer.Ordinal);
    // Per worker, its objects of exactly two workers: each the two workers' noise summed.
    private readonly Dictionary<string, RunningMedian> _pairs = new(StringComparer.Ordinal);
    private readonly FacingTally _facing = new();
    private readonly Dictionary<string, WorkerTally> _tallies = new(StringComparer.Ordinal);
    private readonly DrawerCounts _drawers = new();

    /// <param name="rig">The rig the answers use.</param>
    /// <param name="options">
    /// Matching and side-repair settings, and the facing assumptions to refine;
    /// <see cref="ConsolidationOptions.Default"/> when null.
    /// </param>
    /// <param name="minObjects">
    /// A worker's noise is estimated only when it answered at least this many objects alongside two or more other
    /// workers. Default 5.
    /// </param>
    public BatchEstimator(Rig rig, ConsolidationOptions? options = null, int minObjects = 5)
    {
        ArgumentNullException.ThrowIfNull(rig);
        _rig = rig;
        _options = options ?? ConsolidationOptions.Default;
        _minObjects = minObjects;
    }

    /// <summary>Objects added so far.</summary>
    public int Objects { get; private set; }

    /// <summary>
    /// Adds one data object's answers (usable or not, any order). An object with fewer than two usable answers says
    /// nothing of its workers; one whose answers cannot be matched is skipped (its own consolidation reports it).
    /// </summary>
    public void Add(IReadOnlyList<WorkerAnswer> answers) => AddPrepared(answers);

    /// <summary>
    /// As <see cref="Add"/>, and returns the object's stages 1 to 3 for its consolidation to reuse; null when it had
    /// fewer than two usable answers or could not be matched.
    /// </summary>
    internal PreparedObject? AddPrepared(IReadOnlyList<WorkerAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        Objects++;
        var usable = Consolidator.Usable(answers);
        if (usable.Count < 2) return null;
        RepairedSides sides;
        WorkerNoise noise;
        try
        {
            (sides, noise) = Consolidator.Prepare(usable, _rig, _options);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An object this pass cannot handle says nothing about its workers; its own consolidation reports the
            // failure.
            return null;
        }
        var prepared = new PreparedObject(sides, noise, _rig, _options, usable.Select(a => a.WorkerId).ToArray());
        if (_rig.FacingLandmarks is { } f)
            foreach (var c in sides.Clusters)
                if (c.Members.Count >= 2) _facing.Add(FacingCheck.Evidence(c, f));
        // Two workers' residuals are each other's: one object cannot say which of the two is careful, but a worker's
        // many objects with other partners can.
        if (usable.Count == 2)
        {
            for (var w = 0; w < 2; w++) Median(_pairs, usable[w].WorkerId).Add(noise.Variance[w]);
            return prepared;
        }
        var ids = usable.Select(a => a.WorkerId).ToArray();
        WorkerTally.Count(sides, ids, _tallies);
        WorkerTally.CountClicks(sides, noise, _rig, ids, _tallies);
        foreach (var c in sides.Clusters) _drawers.Add(usable.Count, c.Members.Count);
        for (var w = 0; w < usable.Count; w++) Median(_noise, usable[w].WorkerId).Add(noise.Variance[w]);
        return prepared;
    }

    private static RunningMedian Median(Dictionary<string, RunningMedian> medians, string worker)
    {
        if (!medians.TryGetValue(worker, out var median)) medians[worker] = median = new RunningMedian();
        return median;
    }

    /// <summary>
    /// Adds what <paramref name="other"/> has seen, so parts of a job estimated apart (one estimator per thread or per
    /// slice of the objects) give the estimates of the whole; <paramref name="other"/> must use the same rig and
    /// options.
    /// </summary>
    public void Merge(BatchEstimator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
            throw new ArgumentException("an estimator cannot merge itself", nameof(other));
        Objects += other.Objects;
        _facing.Merge(other._facing);
        _drawers.Merge(other._drawers);
        foreach (var (worker, median) in other._noise) Median(_noise, worker).Merge(median);
        foreach (var (worker, median) in other._pairs) Median(_pairs, worker).Merge(median);
        foreach (var (worker, tally) in other._tallies)
        {
            if (!_tallies.TryGetValue(worker, out var mine)) _tallies[worker] = mine = new WorkerTally();
            mine.Add(tally);
        }
    }

    /// <summary>The estimates from the objects added so far; adding may go on afterwards.</summary>
    public BatchEstimates Build()
    {
        var workerNoise = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (worker, median) in _noise)
            if (median.Count >= _minObjects) workerNoise[worker] = median.Median();
        var sums = _pairs.Where(p => p.Value.Count >= _minObjects)
            .Select(p => (p.Key, p.Value.Median(), p.Value.Count)).ToList();
        foreach (var (worker, noise) in NoiseEstimation.FromPairSums(sums)) workerNoise.TryAdd(worker, noise);
        return new BatchEstimates(workerNoise, _facing.Refine(_options.Facing), WorkerTally.Doubt(_tallies),
            WorkerTally.Rates(_tallies, _drawers.PhantomShare()));
    }
}
