using System.Globalization;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Workflow;
using GtCustomPose.Simulation;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// <c>pwrong OBJECTS SEEDS [fit | calibrate] [nodoubt] [misses] [CROWD] [/ CROWD ...]</c>: how well
/// <see cref="ConsolidatedLabel.PWrong"/> ranks and is calibrated. Each CROWD is <c>workers=N</c> and crowd habits
/// (<see cref="WorkflowBenchmark.Crowd"/>); SEEDS is a comma list. Per crowd and seed the job is consolidated with its
/// pooled statistics, every object is shown to the simulated expert auditor (the truth of p_wrong: would it change the
/// label materially), and an audit of 15% of the objects is spent by descending p_wrong, by the current route's order
/// (flagged, by <see cref="AuditRisk"/>) and by the true OKS (the truth-ranked ceiling). <c>fit</c> fits
/// <see cref="WrongChance"/>'s weights on these runs and prints them, <c>calibrate</c> only the knots for the weights
/// as they are (<see cref="WrongChance.TwoWorkerKnots"/>); <c>nodoubt</c> leaves the workers' job-level
/// doubt out; <c>misses</c> lists every label below OKS 0.8 that the audit by p_wrong leaves and every audited one
/// that was not, with what its answers held.
/// </summary>
internal static class PWrongBenchmark
{
    private const double Budget = 0.15;

    private sealed record Row(double[] X, double P, bool Changed, double Before, double After, ConsolidatedLabel? L)
    {
        public string Info { get; init; } = "";
    }

    public static int Run(string[] args)
    {
        var objects = int.Parse(args[0], CultureInfo.InvariantCulture);
        var seeds = args[1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var rest = args.Skip(2).ToList();
        var fit = rest.Remove("fit");
        var calibrate = rest.Remove("calibrate");
        var noDoubt = rest.Remove("nodoubt");
        var misses = rest.Remove("misses");
        var crowds = Split(rest);
        var c = CultureInfo.InvariantCulture;
        var all = new List<Row>();
        Console.WriteLine(
            "| crowd | seed | level 1 below 0.8 | by p_wrong | current order | truth-ranked | AUC | precision@15% |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var runs = new List<(string Crowd, List<Row> Rows)>();
        foreach (var crowd in crowds)
            foreach (var seed in seeds)
            {
                var rows = Simulate(objects, seed, crowd, noDoubt);
                runs.Add((string.Join(' ', crowd.DefaultIfEmpty("defaults")), rows));
                all.AddRange(rows);
            }
        double[]? weights = fit ? Calibration.Fit(all.Select(r => r.X).ToList(), all.Select(r => r.Changed).ToList())
            : calibrate ? WrongChance.Weights.ToArray() : null;
        List<(double Score, double Rate)>? knots = null;
        if (weights is not null)
        {
            knots = Calibration.Isotonic(all.Select(r => Model(r.X, weights)).ToList(),
                all.Select(r => r.Changed).ToList());
            var w = weights;
            var kn = knots;
            all = all.Select(r => r with { P = WrongChance.Calibrate(Model(r.X, w), kn) }).ToList();
            runs = runs.Select(run => (run.Crowd,
                run.Rows.Select(r => r with { P = WrongChance.Calibrate(Model(r.X, w), kn) }).ToList())).ToList();
        }
        foreach (var (crowd, rows0) in runs)
        {
            var rows = rows0;
            var k = (int)Math.Floor(Budget * rows.Count);
            var byP = Order(rows, (a, b) => b.P.CompareTo(a.P));
            var current = Order(rows, (a, b) => CurrentOrder(a.L, b.L));
            var truth = Order(rows, (a, b) => a.Before.CompareTo(b.Before));
            var topP = byP.Take(k).ToList();
            if (misses) PrintMisses(crowd, rows, byP, k);
            Console.WriteLine(string.Create(c,
                $"| {crowd} | {seeds[runs.FindIndex(r => ReferenceEquals(r.Rows, rows0)) % seeds.Length]} | " +
                $"{Bad(rows, [])} | " +
                $"{Bad(rows, topP)} | {Bad(rows, current.Take(k).ToList())} | {Bad(rows, truth.Take(k).ToList())} | " +
                $"{Calibration.Auc(rows.Select(r => r.P).ToList(), rows.Select(r => r.Changed).ToList()):F3} | " +
                $"{topP.Count(i => rows[i].Changed) / (double)Math.Max(1, k):P1} |"));
        }
        PrintVerdicts(runs);
        var pooled = all;
        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"Reliability over {pooled.Count} objects (seeds {args[1]}):"));
        Console.WriteLine();
        Console.WriteLine("| p_wrong | objects | mean p_wrong | changed materially |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (bin, count, mean, observed) in Calibration.Bins(
                     pooled.Select(r => r.P).ToList(), pooled.Select(r => r.Changed).ToList()))
            Console.WriteLine(string.Create(c, $"| {bin} | {count} | {mean:F3} | {observed:F3} |"));
        Console.WriteLine(string.Create(c,
            $"\nmean p_wrong {pooled.Average(r => r.P):F4}, changed {pooled.Average(r => r.Changed ? 1.0 : 0):F4}, " +
            $"AUC {Calibration.Auc(pooled.Select(r => r.P).ToList(), pooled.Select(r => r.Changed).ToList()):F3}"));
        if (weights is not null)
        {
            Console.WriteLine("weights: [" + string.Join(", ", weights.Select(w => w.ToString("G4", c))) + "]");
            Console.WriteLine("knots: [" + string.Join(", ", knots!.Select(k => string.Create(c,
                $"({k.Score:G4}, {k.Rate:G4})"))) + "]");
        }
        return 0;
    }

    /// <summary>
    /// Per crowd, the review verdict's recall of labels below OKS 0.8 and its false alarms among the others: the
    /// reasons' verdict, and <c>p_wrong</c> above each threshold.
    /// </summary>
    private static void PrintVerdicts(List<(string Crowd, List<Row> Rows)> runs)
    {
        double[] thresholds = [0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.3];
        Console.WriteLine();
        Console.WriteLine("| crowd | reasons | " + string.Join(" | ", thresholds.Select(t =>
            t.ToString("'p_wrong > '0.00", CultureInfo.InvariantCulture))) + " |");
        Console.WriteLine("|---|---|" + string.Concat(thresholds.Select(_ => "---|")));
        foreach (var g in runs.GroupBy(r => r.Crowd))
        {
            var rows = g.SelectMany(r => r.Rows).ToList();
            string Cell(Func<Row, bool> flagged)
            {
                var bad = rows.Where(r => r.Before < 0.8).ToList();
                var good = rows.Where(r => r.Before >= 0.8).ToList();
                return string.Create(CultureInfo.InvariantCulture,
                    $"{bad.Count(flagged) / (double)Math.Max(1, bad.Count):P1} at " +
                    $"{good.Count(flagged) / (double)Math.Max(1, good.Count):P1}");
            }
            Console.WriteLine($"| {g.Key} | {Cell(r => r.L?.NeedsReview ?? true)} | " +
                string.Join(" | ", thresholds.Select(t => Cell(r => r.P > t))) + " |");
        }
    }

    /// <summary>
    /// The audit's places spent on labels at OKS 0.8 or above ("spent"), then every label below OKS 0.8 that the audit
    /// by p_wrong leaves ("missed"): rank, p_wrong, OKS, reasons and what the answers held (<see cref="Holds"/>).
    /// </summary>
    private static void PrintMisses(string crowd, List<Row> rows, List<int> byP, int audited)
    {
        for (var r = 0; r < audited; r++)
        {
            var row = rows[byP[r]];
            if (row.Before < 0.8) continue;
            Console.WriteLine(FormattableString.Invariant(
                $"spent: {crowd}, object {byP[r]}, rank {r}, p_wrong {row.P:F3}, OKS {row.Before:F2}, ") +
                $"changed {row.Changed}, " +
                $"reasons [{string.Join(",", row.L?.ReviewReasons ?? [])}], {row.Info}");
        }
        for (var r = audited; r < byP.Count; r++)
        {
            var row = rows[byP[r]];
            if (row.Before >= 0.8) continue;
            Console.WriteLine(FormattableString.Invariant(
                $"missed: {crowd}, object {byP[r]}, rank {r}, p_wrong {row.P:F3}, OKS {row.Before:F2}, ") +
                $"reasons [{string.Join(",", row.L?.ReviewReasons ?? [])}], {row.Info}");
        }
    }

    /// <summary>
    /// Per truth person the label's OKS, then per worker its skeletons: <c>t</c> and the truth person drawn, M
    /// mirrored, S a pair swapped, <c>o</c> and its outlier clicks.
    /// </summary>
    private static string Holds(SimulatedObject o, ConsolidatedLabel? label, Rig rig)
    {
        var per = label is null ? [] : Evaluation.PerTruthOks(o.Truth, RigArrays.ToArrays(label, rig), rig);
        return FormattableString.Invariant($"per person [{string.Join(" ", per.Select(v => $"{v:F2}"))}], ") +
            string.Join("; ", o.Answers.Select(a => a.WorkerId[^4..] + ":" + string.Join(",", a.Drawn.Select(d =>
                FormattableString.Invariant($"t{d.TruthIndex}{(d.Mirrored ? "M" : "")}") +
                $"{(d.SwappedPairs > 0 ? "S" : "")}o{d.Outlier.Count(b => b)}"))));
    }

    /// <summary>Objects below OKS 0.8 after auditing <paramref name="audited"/>: share (count).</summary>
    private static string Bad(List<Row> rows, List<int> audited)
    {
        var set = audited.ToHashSet();
        var bad = rows.Select((r, i) => set.Contains(i) ? r.After : r.Before).Count(s => s < 0.8);
        return string.Create(CultureInfo.InvariantCulture, $"{(double)bad / rows.Count:P2} ({bad})");
    }

    /// <summary>The route's order before p_wrong: flagged labels by <see cref="AuditRisk"/>, then the rest.</summary>
    private static int CurrentOrder(ConsolidatedLabel? a, ConsolidatedLabel? b)
    {
        var byFlag = (b?.NeedsReview ?? true).CompareTo(a?.NeedsReview ?? true);
        return byFlag != 0 || a is null || b is null ? byFlag : AuditRisk.Compare(a, b);
    }

    private static List<int> Order(List<Row> rows, Comparison<Row> compare)
    {
        var order = Enumerable.Range(0, rows.Count).ToList();
        order.Sort((i, j) => compare(rows[i], rows[j]) is var x && x != 0 ? x : i.CompareTo(j));
        return order;
    }

    private static double Model(double[] x, double[] w)
    {
        var z = w[0];
        for (var i = 0; i < x.Length; i++) z += w[i + 1] * x[i];
        return Calibration.Sigmoid(z);
    }

    private static List<List<string>> Split(List<string> rest)
    {
        var crowds = new List<List<string>> { new() };
        foreach (var a in rest)
            if (a == "/") crowds.Add([]);
            else crowds[^1].Add(a);
        return crowds;
    }

    private static List<Row> Simulate(int objects, int seed, List<string> crowd, bool noDoubt)
    {
        var rig = Rig.Coco17;
        var workers = crowd.Where(a => a.StartsWith("workers=", StringComparison.Ordinal))
            .Select(a => int.Parse(a[8..], CultureInfo.InvariantCulture)).DefaultIfEmpty(3).Last();
        var settings = WorkflowBenchmark.Crowd(crowd.Where(WorkflowBenchmark.IsCrowdHabit))
            with { WorkersPerObject = workers };
        var batch = new WorkerSimulator(rig, settings, seed).Generate(objects);
        var parsed = batch
            .Select(o => (IReadOnlyList<WorkerAnswer>)o.Answers
                .Select(a => AnswerParser.Parse(a.WorkerId, a.Content, rig)).ToList())
            .ToList();
        var estimates = Consolidator.EstimateBatch(parsed, rig);
        var options = PooledOptions.Of(new ConsolidationOptions(), estimates);
        if (noDoubt) options = options with { WorkerDoubt = null };
        var auditor = new SimulatedAuditor(rig, seed + 1);
        var rows = new List<Row>(objects);
        for (var i = 0; i < objects; i++)
        {
            var o = batch[i];
            var (label, doubt) = Consolidator.Explained(parsed[i], rig, null, options, null);
            var before = Score(o, label, rig);
            var (answer, audited) = Expert.Audit(auditor, label, o, rig);
            var changed = label is null
                || (!answer.NoChangesNeeded && audited is not null
                    && LabelComparison.Compare(label, audited, rig).Material());
            rows.Add(new Row(WrongChance.Features(doubt), label?.PWrong ?? 1, changed, before,
                Score(o, audited ?? label, rig), label) { Info = Holds(o, label, rig) });
        }
        return rows;
    }

    private static double Score(SimulatedObject o, ConsolidatedLabel? label, Rig rig) =>
        label is null ? 0 : Evaluation.MeanOks(o.Truth, RigArrays.ToArrays(label, rig), rig);
}
