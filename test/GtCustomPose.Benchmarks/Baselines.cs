using GtCustomPose.Core;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Benchmarks;

/// <summary>The methods ours is compared with. Each returns predicted skeletons in rig order (NaN unplaced).</summary>
internal static class Baselines
{
    /// <summary>What the public samples deliver: the first worker's answer, as is.</summary>
    public static List<(double[] X, double[] Y)> FirstWorker(SimulatedObject o, Rig rig) =>
        Parse(o.Answers[0], rig).Select(i => RigArrays.ToArrays(i.Keypoints, rig)).ToList();

    /// <summary>
    /// Per-keypoint median with pairwise left/right flip repair: skeletons matched to the first worker's by OKS, each
    /// left/right pair flipped when that brings it closer to the first worker's, then the coordinate-wise median of the
    /// workers that placed the keypoint, present when at least half did.
    /// </summary>
    public static List<(double[] X, double[] Y)> MedianWithFlipRepair(SimulatedObject o, Rig rig)
    {
        var answers = o.Answers
            .Select(a => Parse(a, rig).Select(i => RigArrays.ToArrays(i.Keypoints, rig)).ToList())
            .ToList();
        var reference = answers[0];
        var groups = reference.Select(r => new List<(double[] X, double[] Y)> { r }).ToList();
        foreach (var other in answers.Skip(1))
        {
            if (other.Count == 0 || reference.Count == 0) continue;
            var cost = new double[other.Count, reference.Count];
            for (var i = 0; i < other.Count; i++)
                for (var j = 0; j < reference.Count; j++)
                    cost[i, j] = 1 - Similarity(other[i], reference[j], rig);
            var assignment = HungarianAccess.Solve(cost);
            for (var i = 0; i < other.Count; i++)
            {
                if (assignment[i] < 0) continue;
                var (x, y) = (other[i].X.ToArray(), other[i].Y.ToArray());
                var r = reference[assignment[i]];
                for (var a = 0; a < rig.Count; a++)
                {
                    var b = rig.FlipIndex[a];
                    if (b <= a || double.IsNaN(x[a]) || double.IsNaN(x[b])
                        || double.IsNaN(r.X[a]) || double.IsNaN(r.X[b])) continue;
                    var kept = D(x[a], y[a], r.X[a], r.Y[a]) + D(x[b], y[b], r.X[b], r.Y[b]);
                    var flipped = D(x[a], y[a], r.X[b], r.Y[b]) + D(x[b], y[b], r.X[a], r.Y[a]);
                    if (flipped < kept) { (x[a], x[b]) = (x[b], x[a]); (y[a], y[b]) = (y[b], y[a]); }
                }
                groups[assignment[i]].Add((x, y));
            }
        }
        return groups.Select(g =>
        {
            double[] x = new double[rig.Count], y = new double[rig.Count];
            for (var i = 0; i < rig.Count; i++)
            {
                var xs = g.Select(s => s.X[i]).Where(v => !double.IsNaN(v)).ToList();
                var ys = g.Select(s => s.Y[i]).Where(v => !double.IsNaN(v)).ToList();
                (x[i], y[i]) = xs.Count * 2 >= g.Count ? (Median(xs), Median(ys)) : (double.NaN, double.NaN);
            }
            return (x, y);
        }).ToList();
    }

    /// <summary>
    /// The ceiling: knows which truth skeleton each drawn one belongs to, whether it was drawn mirrored, and each
    /// worker's noise; takes the inverse-variance weighted mean of every placed point. With
    /// <paramref name="knowsEveryMistake"/> it also knows every swapped pair and every outlier click, and leaves the
    /// outliers out: the audit benchmark's truth-aware ceiling.
    /// </summary>
    public static List<(double[] X, double[] Y)> Oracle(SimulatedObject o, Rig rig, bool knowsEveryMistake = false)
    {
        var result = new List<(double[] X, double[] Y)>();
        for (var t = 0; t < o.Truth.Count; t++)
        {
            double[] sx = new double[rig.Count], sy = new double[rig.Count], sw = new double[rig.Count];
            foreach (var a in o.Answers)
                foreach (var d in a.Drawn.Where(d => d.TruthIndex == t))
                    for (var i = 0; i < rig.Count; i++)
                    {
                        if (double.IsNaN(d.X[i]) || (knowsEveryMistake && d.Outlier[i])) continue;
                        // The truth keypoint label i was put on.
                        var k = knowsEveryMistake ? d.Sources[i] : d.Mirrored ? rig.FlipIndex[i] : i;
                        var w = 1 / (a.NoiseRelative * a.NoiseRelative);
                        sx[k] += w * d.X[i]; sy[k] += w * d.Y[i]; sw[k] += w;
                    }
            if (sw.All(w => w == 0)) continue;
            result.Add((
                sx.Select((v, i) => sw[i] > 0 ? v / sw[i] : double.NaN).ToArray(),
                sy.Select((v, i) => sw[i] > 0 ? v / sw[i] : double.NaN).ToArray()));
        }
        return result;
    }

    private static IReadOnlyList<SkeletonInstance> Parse(SimulatedAnswer a, Rig rig) =>
        AnswerParser.Parse(a.WorkerId, a.Content, rig).Instances;

    private static double Similarity((double[] X, double[] Y) a, (double[] X, double[] Y) b, Rig rig)
    {
        var truthLike = new TruthInstance(b.X, b.Y, b.X.Select(v => !double.IsNaN(v)).ToArray());
        var oks = Evaluation.Oks(truthLike, a.X, a.Y, rig);
        return oks;
    }

    private static double D(double x1, double y1, double x2, double y2) =>
        (x1 - x2) * (x1 - x2) + (y1 - y2) * (y1 - y2);

    private static double Median(List<double> v)
    {
        v.Sort();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }
}
