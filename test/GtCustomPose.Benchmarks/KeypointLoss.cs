using System.Globalization;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// <c>kploss OBJECTS SEEDS WORKERS [CROWD]</c>: for every person level 1 puts below OKS 0.8, the keypoints it puts
/// far off (keypoint OKS under 0.5), tallied by what the workers' clicks on that keypoint were: how many placed it,
/// how many of those were outlier clicks, how many needed their side repaired, and whether a good click was there.
/// </summary>
internal static class KeypointLoss
{
    public static void Run(int objects, IEnumerable<int> seeds, int workers, IEnumerable<string> crowdArgs)
    {
        var rig = Rig.Coco17;
        var settings = WorkflowBenchmark.Crowd(crowdArgs) with { WorkersPerObject = workers };
        var tally = new SortedDictionary<string, (int N, double Loss)>(StringComparer.Ordinal);
        int phantoms = 0, extras = 0, people = 0, dropped = 0;
        foreach (var seed in seeds)
        {
            var batch = new WorkerSimulator(rig, settings, seed).Generate(objects);
            var parsed = batch.Select(o => (IReadOnlyList<WorkerAnswer>)o.Answers
                .Select(a => AnswerParser.Parse(a.WorkerId, a.Content, rig)).ToList()).ToList();
            var options = PooledOptions.Of(new ConsolidationOptions(), Consolidator.EstimateBatch(parsed, rig));
            for (var i = 0; i < batch.Count; i++)
            {
                var o = batch[i];
                var label = Consolidator.Consolidate(parsed[i], rig, options: options);
                var arrays = label is null ? [] : RigArrays.ToArrays(label, rig);
                var per = Evaluation.PerTruthOks(o.Truth, arrays, rig);
                phantoms += o.Answers.Sum(a => a.Drawn.Count(d => d.TruthIndex < 0));
                people += o.Truth.Count;
                dropped += per.Count(p => p < 0.1);
                extras += Math.Max(0, arrays.Count - per.Count(p => p >= 0.1));
                if (per.Average() >= 0.8) continue;
                foreach (var (t, p) in Pairs(o.Truth, arrays, rig))
                    Tally(o, t, p < 0 ? null : arrays[p], rig, tally);
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"people {people}, not in ours {dropped}; skeletons of no one drawn {phantoms}, in ours {extras}"));
        foreach (var (kind, (n, loss)) in tally.OrderByDescending(p => p.Value.Loss))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n,5} {loss,8:F1}  {kind}"));
    }

    private static void Tally(SimulatedObject o, int t, (double[] X, double[] Y)? ours, Rig rig,
        SortedDictionary<string, (int N, double Loss)> tally)
    {
        var truth = o.Truth[t];
        var drawers = o.Answers.Count(a => a.Drawn.Any(d => d.TruthIndex == t));
        if (ours is null) { Add(tally, $"person dropped, {drawers} drew it", 1); return; }
        var (x, y) = ours.Value;
        for (var k = 0; k < rig.Count; k++)
        {
            if (!truth.Visible[k]) continue;
            var kp = KeypointOks(x[k], y[k], truth.X[k], truth.Y[k], rig.Sigmas[k], truth.Area);
            if (kp >= 0.5) continue;
            int placed = 0, outliers = 0, sided = 0, good = 0;
            var pulled = false;
            foreach (var a in o.Answers)
                foreach (var d in a.Drawn.Where(d => d.TruthIndex == t))
                {
                    var i = Array.IndexOf(d.Sources, k);
                    if (i < 0 || double.IsNaN(d.X[i])) continue;
                    placed++;
                    if (d.Outlier[i])
                    {
                        outliers++;
                        if (!double.IsNaN(x[k]) && KeypointOks(x[k], y[k], d.X[i], d.Y[i], rig.Sigmas[k],
                                truth.Area) > 0.3) pulled = true;
                        continue;
                    }
                    if (i != k) sided++;
                    if (KeypointOks(d.X[i], d.Y[i], truth.X[k], truth.Y[k], rig.Sigmas[k], truth.Area) >= 0.5) good++;
                }
            var kind = double.IsNaN(x[k])
                ? $"missing in ours, {placed} of {drawers} placed"
                : $"{drawers} drew, {placed} placed: {outliers} outlier{(pulled ? " (ours near it)" : "")}, " +
                  $"{sided} side, {good} good";
            Add(tally, kind, (1 - kp) / rig.Count);
        }
    }

    private static void Add(SortedDictionary<string, (int N, double Loss)> tally, string kind, double loss)
    {
        var (n, l) = tally.GetValueOrDefault(kind);
        tally[kind] = (n + 1, l + loss);
    }

    private static double KeypointOks(double x, double y, double tx, double ty, double sigma, double area) =>
        double.IsNaN(x) ? 0 : Math.Exp(-Geometry.NormalizedSquared(x - tx, y - ty, sigma, area) / 2);

    private static IEnumerable<(int Truth, int Ours)> Pairs(IReadOnlyList<TruthInstance> truth,
        IReadOnlyList<(double[] X, double[] Y)> ours, Rig rig)
    {
        if (ours.Count == 0) return truth.Select((_, t) => (t, -1));
        var cost = new double[truth.Count, ours.Count];
        for (var t = 0; t < truth.Count; t++)
            for (var p = 0; p < ours.Count; p++)
                cost[t, p] = 1 - Evaluation.Oks(truth[t], ours[p].X, ours[p].Y, rig);
        var assignment = Hungarian.Solve(cost);
        return truth.Select((_, t) => (t, assignment[t]));
    }
}
