using System.Buffers;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Consolidation.ConsolidationConstants;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// Stage 3: each worker's noise from residuals to the leave-one-out median over all its keypoints in the object, or
/// scaled from what the batch knew (<see cref="ConsolidationOptions.WorkerNoise"/>).
/// </summary>
internal static class NoiseEstimation
{
    /// <summary>From this object's answers alone, over all of each worker's skeletons.</summary>
    public static WorkerNoise FromAnswers(IReadOnlyList<SkeletonCluster> clusters, Rig rig, int workerCount)
    {
        var k = rig.Count;
        // A worker has at most one skeleton per cluster, so each gets clusters × keypoints slots.
        var slots = clusters.Count * k;
        var members = 0;
        foreach (var c in clusters) members = Math.Max(members, c.Members.Count);
        // Scratch read once per object: rented, so a batch of objects reuses memory already touched rather than
        // taking fresh pages for each (not returned if this throws, which costs the pool nothing).
        var pool = ArrayPool<double>.Shared;
        var residuals = pool.Rent(workerCount * slots);
        double[] looX = pool.Rent(members * k), looY = pool.Rent(members * k);
        var counts = new int[workerCount];
        foreach (var c in clusters)
        {
            if (c.Members.Count < 2) continue;
            var area = Geometry.Area(c.X, c.Y);
            c.LeaveOneOut(looX, looY);
            for (var j = 0; j < c.Members.Count; j++)
            {
                var m = c.Members[j];
                ReadOnlySpan<double> rx = looX.AsSpan(j * k, k), ry = looY.AsSpan(j * k, k);
                for (var i = 0; i < k; i++)
                    if (!double.IsNaN(m.X[i]) && !double.IsNaN(rx[i]))
                        residuals[m.Worker * slots + counts[m.Worker]++] =
                            Geometry.NormalizedSquared(m.X[i] - rx[i], m.Y[i] - ry[i], rig.SigmaSpan[i], area);
            }
        }
        // The median squared radius over the per-axis variance; floored so identical answers keep finite weights.
        var raw = new double[workerCount];
        for (var w = 0; w < workerCount; w++)
            raw[w] = counts[w] == 0
                ? 1.0
                : Math.Max(MinNoise, Geometry.Median(residuals.AsSpan(w * slots, counts[w])) / MedianSquaredRadius);
        pool.Return(residuals);
        pool.Return(looX);
        pool.Return(looY);
        if (workerCount < 3) return new WorkerNoise(raw);
        // Residuals are taken against the median of the other m workers, whose own noise adds (c/m²)·Σσ² to each
        // raw figure (c the variance factor of a mean or a median). Solving that linear system once gives each worker's
        // own variance.
        var others = workerCount - 1;
        var share = (others <= 2 ? 1.0 : MedianVarianceFactor) / (others * (double)others);
        var total = raw.Sum() / (1 + (workerCount - 1) * share);
        return new WorkerNoise(raw
            .Select(v => Math.Max(Math.Max(v * MinCorrectedShare, MinNoise), (v - share * total) / (1 - share)))
            .ToArray());
    }

    /// <summary>
    /// Each worker's noise from its objects of exactly two workers, where one object measures only the two workers'
    /// noise summed: <paramref name="sums"/> holds, per worker, the median of those sums and how many there were. With
    /// partners drawn from one crowd, a worker's median sum is its own noise plus the crowd's mean, and the mean sum
    /// over all (weighted by count) is twice that mean; so each worker's noise is its sum less half the mean, floored
    /// as <see cref="FromAnswers"/> floors a corrected figure. Nothing when fewer than two workers are measured.
    /// </summary>
    public static IEnumerable<(string Worker, double Noise)> FromPairSums(
        IReadOnlyList<(string Worker, double Sum, long Count)> sums)
    {
        if (sums.Count < 2) yield break;
        var half = sums.Sum(s => s.Sum * s.Count) / sums.Sum(s => (double)s.Count) / 2;
        foreach (var (worker, sum, _) in sums)
            yield return (worker, Math.Max(Math.Max(sum * MinCorrectedShare, MinNoise), sum - half));
    }

    /// <summary>
    /// The batch says who is careful; this object says how hard it is. Known values keep their ratios and are scaled by
    /// the median ratio of this object's estimates to them, so a blurry image still reads as uncertain.
    /// </summary>
    public static WorkerNoise WithKnown(WorkerNoise own, IReadOnlyList<WorkerAnswer> usable,
        IReadOnlyDictionary<string, double> known)
    {
        var noise = own.Variance;
        Span<double> ratios = stackalloc double[noise.Length];
        var n = 0;
        for (var w = 0; w < noise.Length; w++)
            if (known.TryGetValue(usable[w].WorkerId, out var v) && v > 0) ratios[n++] = noise[w] / v;
        if (n == 0) return own;
        var scale = Math.Max(1, Geometry.Median(ratios[..n]));
        var scaled = (double[])noise.Clone();
        for (var w = 0; w < scaled.Length; w++)
            if (known.TryGetValue(usable[w].WorkerId, out var v)) scaled[w] = v * scale;
        return new WorkerNoise(scaled);
    }
}
