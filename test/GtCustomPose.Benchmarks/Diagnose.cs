using System.Globalization;
using GtCustomPose.Core;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Benchmarks;

internal static class Diagnose
{
    public static void Run(int workers, int objects, int seed = 7)
    {
        var rig = Rig.Coco17;
        var sim = new WorkerSimulator(rig, new SimulationSettings { WorkersPerObject = workers }, seed + workers);
        var batch = sim.Generate(objects);
        var parsed = batch
            .Select(o => (IReadOnlyList<WorkerAnswer>)o.Answers
                .Select(a => AnswerParser.Parse(a.WorkerId, a.Content, rig))
                .ToList())
            .ToList();
        // As the quality benchmark and PostAnnotation do: each worker's noise and the crowd's facing estimated across
        // the batch first.
        var estimates = Consolidator.EstimateBatch(parsed, rig);
        var options = new ConsolidationOptions { WorkerNoise = estimates.WorkerNoise, Facing = estimates.Facing };
        for (var index = 0; index < batch.Count; index++)
        {
            var o = batch[index];
            var label = Consolidator.Consolidate(parsed[index], rig, options: options)!;
            var per = Evaluation.PerTruthOks(o.Truth, RigArrays.ToArrays(label, rig), rig);
            var score = per.Average();
            var minAgree = label.Instances.Count == 0 ? 0 : label.Instances.Min(i => i.Agreement ?? 0);
            var minConf = label.Instances.Count == 0
                ? 0
                : label.Instances.Min(i => i.Keypoints.Count == 0 ? 0 : i.Confidence ?? 0);
            var meanAgree = label.Instances.Count == 0 ? 0 : label.Instances.Average(i => i.Agreement ?? 0);
            var meanConf = label.Instances.Count == 0
                ? 0
                : label.Instances.Average(i => i.Keypoints.Count == 0 ? 0 : i.Confidence ?? 0);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{score:F3} truth={o.Truth.Count} inst={label.Instances.Count} agree={minAgree:F2} " +
                $"conf={minConf:F2} magree={meanAgree:F3} mconf={meanConf:F3} " +
                $"per=[{string.Join(",", per.Select(p => p.ToString("F2", CultureInfo.InvariantCulture)))}] " +
                $"noise=[{string.Join(",", o.Answers.Select(a => a.NoiseRelative))}] " +
                $"{string.Join(",", label.ReviewReasons)} " +
                $"drawn=[{string.Join(" ", o.Answers.Select(a => string.Join("/", a.Drawn.Select(d =>
                    $"t{d.TruthIndex}{(d.Mirrored ? "M" : "")}" +
                    $"{(d.SwappedPairs > 0 ? "P" + d.SwappedPairs : "")}o{d.Outlier.Count(b => b)}"))))}] " +
                $"det=[{string.Join(",", label.Workers.Select(w => w.LeftRightSwapped ? "S" : "-"))}] " +
                $"view=[{string.Join(",", o.Truth.Select(t => View(t, rig)))}] " +
                $"face=[{string.Join(" ", label.Instances.Select(i => Face(i, rig)))}]"));
        }
    }

    // Nose and eye votes and the facing sine (positive: read as seen from the front), as the facing check sees them.
    internal static string Face(ConsolidatedInstance instance, Rig rig)
    {
        int Votes(string label) => instance.Keypoints.FirstOrDefault(k => k.Label == label)?.Votes ?? 0;
        var (x, y) = RigArrays.ToArrays(instance.Keypoints.Select(k => new Keypoint(k.Label, k.X, k.Y)), rig);
        var sine = Consolidator.FacingSine(x, y, rig.FacingLandmarks!, noseForUp: true);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Votes("nose")}{Votes("left_eye")}{Votes("right_eye")}:{sine:F2}");
    }

    // The simulator's people stand upright: seen from the front, the left shoulder is on the image's right.
    internal static string View(TruthInstance t, Rig rig)
    {
        int ls = rig.IndexOf("left_shoulder"), rs = rig.IndexOf("right_shoulder"), nose = rig.IndexOf("nose");
        return (t.X[ls] > t.X[rs] ? "front" : "back") + (t.Visible[nose] ? "+nose" : "");
    }
}
