using System.Globalization;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// The re-label level on the simulator: every object gets six simulated answers; level 1 sees the first three, a
/// re-label job the other three on the objects route chose (ranked by doubt, a budget from 10 % to 60 %), and every
/// answer is consolidated together with the job statistics pooled over both jobs (as <c>workflow reconsolidate</c>
/// with two <c>--job-output</c> does). Prints the curve of answers per object against the share below OKS 0.8, next
/// to six workers on every object and to a truth-ranked choice of the same size; and what an audit of 15 % by
/// <c>p_wrong</c> leaves after each (the simulated expert relabels the audited objects; no QA sample is drawn).
/// </summary>
internal static class RelabelBenchmark
{
    private const int Level1Workers = 3, Extra = 3;
    private const double AuditShare = 0.15;

    public static int Run(int objects, int seed, SimulationSettings? crowd = null)
    {
        var rig = Rig.Coco17;
        var settings = (crowd ?? new SimulationSettings()) with { WorkersPerObject = Level1Workers + Extra };
        var batch = new WorkerSimulator(rig, settings, seed).Generate(objects);
        var all = batch.Select(o => o.Answers.Select(a => AnswerParser.Parse(a.WorkerId, a.Content, rig)).ToList())
            .ToList();
        var level1 = PooledOptions.Consolidate(all.Select(a => a.Take(Level1Workers).ToList()).ToList(), rig);
        var l1Scores = level1.Select((l, i) => Score(batch[i], l, rig)).ToArray();
        var auditor = new AuditPass(batch, rig, seed);
        var six = PooledOptions.Consolidate(all, rig).Select((l, i) => Score(batch[i], l, rig)).ToArray();
        var byDoubt = Enumerable.Range(0, objects).OrderByDescending(i => Doubt(level1[i])).ThenBy(i => i).ToList();
        var byTruth = Enumerable.Range(0, objects).OrderBy(i => l1Scores[i]).ThenBy(i => i).ToList();

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c,
            $"Re-label level: {objects} simulated objects, seed {seed}, {Level1Workers} workers at level 1 + " +
            $"{Extra} on the routed objects, every answer pooled"));
        Console.WriteLine();
        Console.WriteLine("| routed | answers per object | below OKS 0.8 (ranked by doubt) | then 15 % audited | " +
                          "truth-ranked |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(c,
            $"| 0% | {Level1Workers:F2} | {Below(l1Scores)} | {Below(auditor.After(level1))} | |"));
        var met = false;
        foreach (var budget in new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 })
        {
            var n = (int)Math.Round(budget * objects);
            var pooled = Pooled(all, byDoubt.Take(n).ToHashSet(), rig);
            var ranked = pooled.Select((l, i) => Score(batch[i], l, rig)).ToArray();
            var truth = Pooled(all, byTruth.Take(n).ToHashSet(), rig)
                .Select((l, i) => Score(batch[i], l, rig)).ToArray();
            var answers = Level1Workers + ((double)Extra * n / objects);
            Console.WriteLine(string.Create(c,
                $"| {100 * budget:F0}% | {answers:F2} | {Below(ranked)} | {Below(auditor.After(pooled))} | " +
                $"{Below(truth)} |"));
            met |= answers <= 4.5 && BelowShare(ranked) <= BelowShare(six) + 0.015;
        }
        Console.WriteLine(string.Create(c, $"| 100% | {Level1Workers + Extra:F2} | {Below(six)} | | |"));
        Console.WriteLine();
        Console.WriteLine(met
            ? "Target met: within 1.5 points of six workers on every object at <= 4.5 answers per object."
            : "Target missed: no budget reaches within 1.5 points of six workers at <= 4.5 answers per object.");
        return met ? 0 : 1;
    }

    /// <summary>How doubtful a level-1 label is: route's order (no label first, then the chance it is wrong).</summary>
    internal static double Doubt(ConsolidatedLabel? label) =>
        label is null ? 2 : label.PWrong ?? 1 - Core.Workflow.AuditRisk.LeastConfidence(label);

    private static List<ConsolidatedLabel?> Pooled(List<List<WorkerAnswer>> all, HashSet<int> routed, Rig rig)
    {
        var answers = all.Select((a, i) => routed.Contains(i) ? a : a.Take(Level1Workers).ToList()).ToList();
        return PooledOptions.Consolidate(answers, rig);
    }

    /// <summary>An audit of <see cref="AuditShare"/> of the objects, the highest doubt first: what is below OKS 0.8
    /// after the simulated expert's labels replace the audited ones.</summary>
    private sealed class AuditPass(List<SimulatedObject> batch, Rig rig, int seed)
    {
        public double[] After(List<ConsolidatedLabel?> labels)
        {
            var auditor = new SimulatedAuditor(rig, seed + 1);
            var audited = Enumerable.Range(0, labels.Count).OrderByDescending(i => Doubt(labels[i])).ThenBy(i => i)
                .Take((int)Math.Floor(AuditShare * labels.Count)).ToHashSet();
            return labels.Select((label, i) =>
            {
                if (!audited.Contains(i)) return Score(batch[i], label, rig);
                var (_, expert) = Expert.Audit(auditor, label, batch[i], rig);
                return Score(batch[i], expert ?? label, rig);
            }).ToArray();
        }
    }

    private static double Score(SimulatedObject o, ConsolidatedLabel? label, Rig rig) =>
        label is null ? 0 : Evaluation.MeanOks(o.Truth, RigArrays.ToArrays(label, rig), rig);

    private static double BelowShare(double[] scores) => (double)scores.Count(s => s < 0.8) / scores.Length;

    private static string Below(double[] scores) =>
        string.Create(CultureInfo.InvariantCulture, $"{100 * BelowShare(scores):F1}%");
}
