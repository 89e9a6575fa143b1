using System.Globalization;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// <c>loss OBJECTS SEED [WORKERS] [CROWD]</c>: where level 1 loses its objects below OKS 0.8, per truth person under
/// 0.8: dropped (by how many workers drew it), left and right exchanged (by how many drew it mirrored), or off.
/// </summary>
internal static class LossBenchmark
{
    public static void Run(int objects, int seed, int workers, IEnumerable<string> crowdArgs)
    {
        var rig = Rig.Coco17;
        var settings = WorkflowBenchmark.Crowd(crowdArgs) with { WorkersPerObject = workers };
        var batch = new WorkerSimulator(rig, settings, seed).Generate(objects);
        var parsed = batch.Select(o => (IReadOnlyList<WorkerAnswer>)o.Answers
            .Select(a => AnswerParser.Parse(a.WorkerId, a.Content, rig)).ToList()).ToList();
        var options = PooledOptions.Of(new ConsolidationOptions(), Consolidator.EstimateBatch(parsed, rig));
        var tally = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var bad = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var o = batch[i];
            var label = Consolidator.Consolidate(parsed[i], rig, options: options);
            var arrays = label is null ? [] : RigArrays.ToArrays(label, rig);
            var per = Evaluation.PerTruthOks(o.Truth, arrays, rig);
            if (per.Average() >= 0.8) continue;
            bad++;
            var mirroredArrays = arrays.Select(a => Mirror(a, rig)).ToList();
            var mirroredPer = Evaluation.PerTruthOks(o.Truth, mirroredArrays, rig);
            for (var t = 0; t < o.Truth.Count; t++)
            {
                if (per[t] >= 0.8) continue;
                var drawn = o.Answers.Count(a => a.Drawn.Any(d => d.TruthIndex == t));
                var mirrored = o.Answers.Count(a => a.Drawn.Any(d => d.TruthIndex == t && d.Mirrored));
                var kind = per[t] == 0 ? $"dropped, drawn by {drawn}/{workers}"
                    : mirroredPer[t] > per[t] + 0.1 ? $"sides, {mirrored} of {drawn} mirrored"
                    : per[t] < 0.5 ? $"off <0.5, {mirrored} of {drawn} mirrored"
                    : $"off 0.5-0.8, {mirrored} of {drawn} mirrored";
                tally[kind] = tally.GetValueOrDefault(kind) + 1;
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bad} objects below 0.8 of {objects}"));
        foreach (var (kind, n) in tally.OrderByDescending(p => p.Value))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n,5}  {kind}"));
    }

    private static (double[] X, double[] Y) Mirror((double[] X, double[] Y) a, Rig rig) =>
        (rig.FlipIndex.Select(j => a.X[j]).ToArray(), rig.FlipIndex.Select(j => a.Y[j]).ToArray());
}
