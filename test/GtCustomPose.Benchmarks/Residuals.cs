using System.Globalization;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// <c>residuals OBJECTS SEEDS [CROWD]</c>: every object still below OKS 0.8 after the workflow, with what the route saw
/// of it (rank by p_wrong, p_wrong, reasons, audited or not) and what the simulated workers did (mirrors, swaps,
/// outliers, skipped people), and the features of its level-1 p_wrong (a re-labeled object's differ) — why the
/// budget missed it.
/// </summary>
internal static class Residuals
{
    public static async Task<int> Run(string[] args)
    {
        var c = CultureInfo.InvariantCulture;
        var objects = int.Parse(args[0], c);
        var crowd = args.Skip(2).ToList();
        var settings = WorkflowBenchmark.Crowd(crowd.Where(WorkflowBenchmark.IsCrowdHabit));
        var workers = crowd.Where(a => a.StartsWith("workers=", StringComparison.Ordinal))
            .Select(a => int.Parse(a[8..], c)).DefaultIfEmpty(3).Last();
        foreach (var seed in args[1].Split(',').Select(s => int.Parse(s, c)))
        {
            var o = await WorkflowBenchmark.Execute(objects, seed, Core.Workflow.RouteOptions.DefaultSampleRate,
                workers, null, Core.Workflow.RouteOptions.DefaultMaxAuditShare, settings,
                Core.Workflow.RouteOptions.DefaultRelabelShare, auto: true);
            var rank = Enumerable.Range(0, objects).OrderByDescending(i => RelabelBenchmark.Doubt(o.Level1[i]))
                .ThenBy(i => i).Select((i, r) => (i, r)).ToDictionary(t => t.i, t => t.r + 1);
            Console.WriteLine(string.Create(c,
                $"seed {seed}: relabeled {o.Relabeled}, audited {o.Materially.Count}, " +
                $"after<0.8 {o.After.Count(s => s < 0.8)}"));
            var parsed = o.Batch.Select(x => (IReadOnlyList<Core.Answers.WorkerAnswer>)x.Answers.Take(workers)
                .Select(a => Core.Answers.AnswerParser.Parse(a.WorkerId, a.Content, Rig.Coco17)).ToList()).ToList();
            var options = PooledOptions.Of(new ConsolidationOptions(), Consolidator.EstimateBatch(parsed, Rig.Coco17));
            for (var i = 0; i < objects; i++)
            {
                if (o.After[i] >= 0.8) continue;
                var l = o.Level1[i];
                var b = o.Batch[i];
                var answers = b.Answers.Take(workers).Select(a => string.Join("/", a.Drawn.Select(d =>
                    $"t{d.TruthIndex}{(d.Mirrored ? "M" : "")}{(d.SwappedPairs > 0 ? "P" + d.SwappedPairs : "")}" +
                    $"o{d.Outlier.Count(x => x)}")) + $"~{a.NoiseRelative:F1}");
                Console.WriteLine(string.Create(c,
                    $"  #{i} before {o.Before[i]:F2} after {o.After[i]:F2} rank {rank[i]} " +
                    $"p {l?.PWrong:F3} audited {o.Materially.ContainsKey(i)} truth {b.Truth.Count} " +
                    $"inst {l?.Instances.Count} [{string.Join(",", l?.ReviewReasons ?? [])}] " +
                    $"agree [{string.Join(",", l?.Instances.Select(x => (x.Agreement ?? 0).ToString("F2", c))
                        ?? [])}] " +
                    $"answers {string.Join(" ", answers)} " +
                    $"view [{string.Join(",", b.Truth.Select(t => Diagnose.View(t, Rig.Coco17)))}] " +
                    $"face [{string.Join(" ", l?.Instances.Select(x => Diagnose.Face(x, Rig.Coco17)) ?? [])}]"));
                var d = Consolidator.Explained(parsed[i], Rig.Coco17, null, options, null).Doubt;
                Console.WriteLine("      " + d + " p=" + WrongChance.Estimate(d) + " x=[" +
                    string.Join(",", WrongChance.Features(d).Select(v => v.ToString("F2", c))) + "]");
            }
        }
        return 0;
    }
}
