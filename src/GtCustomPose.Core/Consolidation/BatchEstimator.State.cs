using System.Text.Json;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Consolidation;

public sealed partial class BatchEstimator
{
    /// <summary>The version of the state <see cref="SaveState"/> writes and <see cref="LoadState"/> reads.</summary>
    public const int StateVersion = 1;

    /// <summary>
    /// Everything this estimator has counted, as compact UTF-8 JSON: <c>{"version", "rig", "keypoints", "objects",
    /// "workers": {id: {"values": base64 doubles} | {"bins": [bin, count, …]}}, "facing": {counts, "front": [members,
    /// placed, count, …]}, "reliability": {id: [people, missed, extra, swapped, clicks, outliers]}, "drawers":
    /// {workers: [clusters by drawers, …]}, "pairs": {id: as "workers"}}</c> ("pairs": the noise sums of objects of two
    /// workers), workers in ordinal order. Values are stored bit for bit, so
    /// estimators of parts of a job saved, loaded and <see cref="Merge"/>d build exactly the estimates of one
    /// estimator over the whole job.
    /// About 11 bytes per noise value held (at most 4,096 per worker, then a few hundred bins).
    /// </summary>
    public byte[] SaveState()
    {
        var workers = new Dictionary<string, MedianState>(_noise.Count, StringComparer.Ordinal);
        foreach (var (worker, median) in _noise.OrderBy(p => p.Key, StringComparer.Ordinal))
            workers[worker] = median.ToState();
        var reliability = _tallies.OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => p.Value.ToCounts(), StringComparer.Ordinal);
        var pairs = _pairs.OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => p.Value.ToState(), StringComparer.Ordinal);
        var state = new EstimatorState(
            StateVersion, _rig.Name, _rig.Keypoints.Count, Objects, workers, _facing.ToState(), reliability,
            _drawers.ToState(), pairs.Count == 0 ? null : pairs);
        return JsonSerializer.SerializeToUtf8Bytes(state, EstimatorStateJsonContext.Default.EstimatorState);
    }

    /// <summary>
    /// An estimator holding what <see cref="SaveState"/> wrote, over <paramref name="rig"/> and
    /// <paramref name="options"/> (the ones the saved estimator used: the state records the rig, not the options).
    /// </summary>
    /// <exception cref="FormatException">
    /// Not a state of this version or of this rig, or malformed; the one-line message names the field.
    /// </exception>
    public static BatchEstimator LoadState(
        ReadOnlySpan<byte> utf8Json, Rig rig, ConsolidationOptions? options = null, int minObjects = 5)
    {
        ArgumentNullException.ThrowIfNull(rig);
        EstimatorState? state;
        try { state = JsonSerializer.Deserialize(utf8Json, EstimatorStateJsonContext.Default.EstimatorState); }
        catch (JsonException e)
        {
            throw new FormatException($"estimator state is not valid: {e.Message}", e);
        }
        if (state is null) throw new FormatException("estimator state is null");
        if (state.Version != StateVersion)
            throw new FormatException(
                $"estimator state: version {state.Version} is not supported (this build reads {StateVersion})");
        if (state.Rig != rig.Name || state.Keypoints != rig.Keypoints.Count)
            throw new FormatException(
                $"estimator state: made for rig '{state.Rig}' ({state.Keypoints} keypoints), not '{rig.Name}' " +
                $"({rig.Keypoints.Count})");
        if (state.Objects < 0)
            throw new FormatException($"estimator state: objects {state.Objects}, expected 0 or more");
        var estimator = new BatchEstimator(rig, options, minObjects) { Objects = state.Objects };
        var workers = state.Workers ?? throw new FormatException("estimator state: 'workers' missing");
        foreach (var (worker, median) in workers)
            estimator._noise[worker] = RunningMedian.FromState(
                median ?? throw new FormatException($"estimator state: workers['{worker}'] is null"),
                $"estimator state: workers['{worker}']");
        // A state saved before the pairs were kept holds none: its two-worker objects said nothing of noise then.
        foreach (var (worker, median) in state.Pairs ?? [])
            estimator._pairs[worker] = RunningMedian.FromState(
                median ?? throw new FormatException($"estimator state: pairs['{worker}'] is null"),
                $"estimator state: pairs['{worker}']");
        // A state saved before the reliability tally holds none: its workers read as the crowd.
        foreach (var (worker, counts) in state.Reliability ?? [])
            estimator._tallies[worker] = WorkerTally.FromCounts(counts, $"estimator state: reliability['{worker}']");
        estimator._drawers.Merge(DrawerCounts.FromState(state.Drawers, "estimator state: drawers"));
        try
        {
            var facing = state.Facing ?? throw new FormatException("'facing' missing");
            estimator._facing.Merge(FacingTally.FromState(facing));
        }
        catch (FormatException e) { throw new FormatException($"estimator state: {e.Message}", e); }
        return estimator;
    }
}
