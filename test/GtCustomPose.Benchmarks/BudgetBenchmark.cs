using System.Globalization;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// <c>budget OBJECTS SEEDS [CROWD] [/ CROWD ...]</c>: the audit budget and the residual estimate over many seeds. Each
/// CROWD is <c>workers=N</c>, <c>cap=S</c> (the budget, default 0.15), <c>rate=R</c> (the QA share, default 0.05),
/// the second level (default <c>--second-level auto</c>: a re-label job of 3 more workers on the default share when
/// the budget leaves flagged labels out, more when they would miss the 2 % target; <c>audit</c> never re-labels;
/// <c>relabel=S</c> always re-labels that share, as <c>relabel-audit</c>; <c>auto=S</c> is auto with that least
/// share, <c>max=S</c> with that most) and crowd habits (<see cref="WorkflowBenchmark.Crowd"/>);
/// SEEDS is a comma list or a range <c>A-B</c>. Per crowd and seed it runs <see cref="WorkflowBenchmark.Execute"/>
/// and prints the share audited, the objects below OKS 0.8 after the audit, the estimate with its interval and width
/// against the true residual rate; per crowd, how many seeds' intervals covered it.
/// </summary>
internal static class BudgetBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        var c = CultureInfo.InvariantCulture;
        var objects = int.Parse(args[0], c);
        var seeds = Seeds(args[1]);
        var crowds = new List<List<string>> { new() };
        foreach (var a in args.Skip(2))
            if (a == "/") crowds.Add([]);
            else crowds[^1].Add(a);
        Console.WriteLine(string.Create(c, $"Audit budget: {objects} simulated objects, seeds {args[1]}"));
        Console.WriteLine();
        Console.WriteLine("| crowd | seed | level 1 below 0.8 | re-labeled | audited | below 0.8 after | " +
                          "left out (expected wrong) | estimate [95%] | width | true residual | covered |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|");
        var summaries = new List<string>();
        foreach (var crowd in crowds)
        {
            double Setting(string key, double fallback) => crowd.Where(a => a.StartsWith(key + "=", StringComparison
                .Ordinal)).Select(a => double.Parse(a[(key.Length + 1)..], c)).DefaultIfEmpty(fallback).Last();
            var workers = (int)Setting("workers", 3);
            var cap = Setting("cap", Core.Workflow.RouteOptions.DefaultMaxAuditShare);
            var rate = Setting("rate", Core.Workflow.RouteOptions.DefaultSampleRate);
            var forced = crowd.Any(a => a.StartsWith("relabel=", StringComparison.Ordinal));
            var auto = !forced && !crowd.Contains("audit");
            double? relabel = forced ? Setting("relabel", 0)
                : auto ? Setting("auto", Core.Workflow.RouteOptions.DefaultRelabelShare) : null;
            var settings = WorkflowBenchmark.Crowd(crowd.Where(WorkflowBenchmark.IsCrowdHabit));
            var name = crowd.Count == 0 ? "defaults" : string.Join(' ', crowd);
            int covered = 0, runs = 0;
            double widths = 0, worstAfter = 0, worstAudited = 0, afterSum = 0, relabeledSum = 0;
            foreach (var seed in seeds)
            {
                var o = await WorkflowBenchmark.Execute(
                    objects, seed, rate, workers, null, cap, settings, relabel, auto,
                    Setting("max", Core.Workflow.RouteOptions.DefaultMaxRelabelShare));
                var e = o.Report.Residual!;
                var inside = e.Low is { } low && e.High is { } high && low <= o.TrueRate && o.TrueRate <= high;
                var after = o.After.Count(s => s < 0.8) / (double)objects;
                var audited = o.Report.Audited / (double)objects;
                runs++;
                covered += inside ? 1 : 0;
                widths += e.Width ?? 1;
                afterSum += after;
                relabeledSum += o.Relabeled / (double)objects;
                worstAfter = Math.Max(worstAfter, after);
                worstAudited = Math.Max(worstAudited, audited);
                Console.WriteLine(string.Create(c,
                    $"| {name} | {seed} | {o.Before.Count(s => s < 0.8) / (double)objects:P2} | " +
                    $"{o.Relabeled / (double)objects:P0} | {audited:P2} | " +
                    $"{after:P2} | {o.Report.FlaggedUnaudited} ({o.Report.LeftOutExpectedWrong:F1}) | " +
                    $"{Pct(e.Rate)} [{Pct(e.Low)}, {Pct(e.High)}] | {Pct(e.Width)} | {o.TrueRate:P2} | " +
                    $"{(inside ? "yes" : "**no**")} |"));
            }
            summaries.Add(string.Create(c,
                $"| {name} | {runs} | {worstAudited:P2} | {relabeledSum / runs:P1} | " +
                $"{afterSum / runs:P2} (worst {worstAfter:P2}) | " +
                $"{widths / runs:P2} | {covered} of {runs} |"));
        }
        Console.WriteLine();
        Console.WriteLine(
            "| crowd | seeds | most audited | re-labeled: mean | below 0.8 after: mean | mean width | covered |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var line in summaries) Console.WriteLine(line);
        return 0;
    }

    private static int[] Seeds(string text)
    {
        var c = CultureInfo.InvariantCulture;
        if (text.Contains('-', StringComparison.Ordinal) && text.Split('-') is [var from, var to])
            return Enumerable.Range(int.Parse(from, c), int.Parse(to, c) - int.Parse(from, c) + 1).ToArray();
        return text.Split(',').Select(s => int.Parse(s, c)).ToArray();
    }

    private static string Pct(double? rate) => rate is { } r ? r.ToString("P2", CultureInfo.InvariantCulture) : "n/a";
}
