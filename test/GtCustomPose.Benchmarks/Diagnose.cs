using System.Globalization;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Simulation;

namespace GtCustomPose.Benchmarks;

internal static class Diagnose
{
    public static void Run(int workers, int objects)
    {
        var rig = Rig.Coco17;
        var sim = new WorkerSimulator(rig, new SimulationSettings { WorkersPerObject = workers }, 7 + workers);
        foreach (var o in sim.Generate(objects))
        {
            var answers = o.Answers.Select(a => AnswerParser.Parse(a.WorkerId, a.Content, rig)).ToList();
            var label = Consolidator.Consolidate(answers, rig)!;
            var per = Evaluation.PerTruthOks(o.Truth, Evaluation.ToArrays(label, rig), rig);
            var score = per.Average();
            var minAgree = label.Instances.Count == 0 ? 0 : label.Instances.Min(i => i.Agreement ?? 0);
            var minConf = label.Instances.Count == 0 ? 0 : label.Instances.Min(i => i.Keypoints.Count == 0 ? 0 : i.Confidence ?? 0);
            var meanAgree = label.Instances.Count == 0 ? 0 : label.Instances.Average(i => i.Agreement ?? 0);
            var meanConf = label.Instances.Count == 0 ? 0 : label.Instances.Average(i => i.Keypoints.Count == 0 ? 0 : i.Confidence ?? 0);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{score:F3} truth={o.Truth.Count} inst={label.Instances.Count} agree={minAgree:F2} conf={minConf:F2} magree={meanAgree:F3} mconf={meanConf:F3} per=[{string.Join(",", per.Select(p => p.ToString("F2", CultureInfo.InvariantCulture)))}] noise=[{string.Join(",", o.Answers.Select(a => a.NoiseRelative))}] {string.Join(",", label.ReviewReasons)} drawn=[{string.Join(" ", o.Answers.Select(a => string.Join("/", a.Drawn.Select(d => $"t{d.TruthIndex}{(d.Mirrored ? "M" : "")}{(d.SwappedPairs > 0 ? "P" + d.SwappedPairs : "")}o{d.Outlier.Count(b => b)}"))))}] det=[{string.Join(",", label.Workers.Select(w => w.LeftRightSwapped ? "S" : "-"))}]"));
        }
    }
}
