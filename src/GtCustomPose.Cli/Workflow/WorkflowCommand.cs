using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Workflow;

namespace GtCustomPose.Cli.Workflow;

/// <summary><c>gtpose workflow route|merge|run</c>: the label → audit → merge workflow's steps on this
/// machine.</summary>
internal static class WorkflowCommand
{
    public static Command Create()
    {
        var workflow = new Command(
            "workflow",
            "The multi-job workflow: level-1 labels, an audit job for what needs a second look, one merged dataset.");
        workflow.Subcommands.Add(Route());
        workflow.Subcommands.Add(Merge());
        workflow.Subcommands.Add(WorkflowRunCommand.Create());
        workflow.Subcommands.Add(SimulateAudit());
        workflow.Subcommands.Add(ReconsolidateCommand.Create());
        return workflow;
    }

    private static Command SimulateAudit()
    {
        var manifest = new Option<FileInfo>("--manifest")
        {
            Description = "Audit-job input manifest (from route).",
            Required = true,
        };
        var attribute = LabelAttributeOption();
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the auditor's clicks.",
            DefaultValueFactory = _ => 8,
        };
        var outFile = new Option<FileInfo>("--out")
        {
            Description = "Recorded answers to write (JSON Lines for run-job --answers).",
            Required = true,
        };
        var rig = Common.RigOption();
        var command = new Command(
            "simulate-audit",
            "Answer an audit manifest as an expert would against the lines' known truth (gtpose-truth): fix what is " +
            "wrong, else tick no changes needed.")
        {
            manifest, attribute, seed, outFile, rig,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var count = await LocalWorkflow.WriteAuditAnswersAsync(
                result.GetValue(manifest)!.FullName,
                result.GetValue(outFile)!.FullName,
                Common.LoadRig(result.GetValue(rig)),
                result.GetValue(attribute)!,
                result.GetValue(seed),
                cancellationToken);
            Console.WriteLine($"{count} audit answers written to {result.GetValue(outFile)!.FullName}");
            return 0;
        });
        return command;
    }

    private static Command Route()
    {
        var manifest = new Option<FileInfo>("--manifest")
        {
            Description = "Level-1 output manifest (after re-consolidation).",
            Required = true,
        };
        var attribute = LabelAttributeOption();
        var rate = SampleRateOption();
        var share = MaxAuditShareOption();
        var seed = SeedOption();
        var outFile = new Option<FileInfo>("--out")
        {
            Description = "Audit-job input manifest to write.",
            Required = true,
        };
        var sourceJob = new Option<string?>("--source-job")
        {
            Description = "Level-1 job name for the hints (default: each line's <attribute>-metadata.job-name).",
        };
        var doubtful = new Option<double>("--doubtful-keypoint-confidence")
        {
            Description = "Keypoints below this confidence are highlighted.",
            DefaultValueFactory = _ => new RouteOptions().DoubtfulKeypointConfidence,
        };
        var command = new Command(
            "route",
            "Choose what goes to the audit job: every flagged object, every object without a label, a seeded QA " +
            "sample of the rest (with --max-audit-share, the flagged objects riskiest first).")
        {
            manifest, attribute, rate, share, seed, outFile, sourceJob, doubtful,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!CheckRate(result.GetValue(rate), "route")) return 2;
            if (!CheckRate(result.GetValue(share), "route", "--max-audit-share")) return 2;
            var options = new RouteOptions
            {
                LabelAttribute = result.GetValue(attribute)!,
                SampleRate = result.GetValue(rate),
                MaxAuditShare = result.GetValue(share),
                Seed = result.GetValue(seed),
                SourceJob = result.GetValue(sourceJob),
                DoubtfulKeypointConfidence = result.GetValue(doubtful),
            };
            var summary = await RouteFileAsync(
                result.GetValue(manifest)!.FullName, result.GetValue(outFile)!.FullName, options, cancellationToken);
            Print(summary, result.GetValue(outFile)!.FullName);
            return 0;
        });
        return command;
    }

    private static Command Merge()
    {
        var manifest = new Option<FileInfo>("--manifest")
        {
            Description = "Level-1 output manifest (after re-consolidation).",
            Required = true,
        };
        var audit = new Option<FileInfo?>("--audit-manifest")
        {
            Description = "The audit job's output manifest (omit when nothing was audited).",
        };
        var attribute = LabelAttributeOption();
        var auditAttribute = AuditLabelAttributeOption();
        var outFile = new Option<FileInfo>("--out") { Description = "Final manifest to write.", Required = true };
        var report = new Option<FileInfo?>("--report")
        {
            Description = "report.json to write (default: beside --out).",
        };
        var failures = new Option<FileInfo?>("--failures")
        {
            Description = "failures.jsonl to write (default: beside --out).",
        };
        var material = new Option<double>("--material-oks")
        {
            Description = "OKS between the two labels below which a change is material.",
            DefaultValueFactory = _ => 0.9,
        };
        var rig = Common.RigOption();
        var command = new Command(
            "merge", "Merge level 1 and the audit into one dataset with provenance, failures.jsonl and report.json.")
        {
            manifest, audit, attribute, auditAttribute, outFile, report, failures, material, rig,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.GetValue(outFile)!.FullName;
            var dir = Path.GetDirectoryName(output)!;
            var options = new MergeOptions
            {
                LabelAttribute = result.GetValue(attribute)!,
                AuditLabelAttribute = result.GetValue(auditAttribute)!,
                MaterialOks = result.GetValue(material),
                Rig = Common.LoadRig(result.GetValue(rig)),
            };
            var paths = new MergePaths(
                output, result.GetValue(failures)?.FullName ?? Path.Combine(dir, "failures.jsonl"),
                result.GetValue(report)?.FullName ?? Path.Combine(dir, "report.json"));
            var merged = await MergeFilesAsync(
                result.GetValue(manifest)!.FullName,
                result.GetValue(audit)?.FullName,
                paths,
                options,
                cancellationToken);
            Print(merged, paths);
            return 0;
        });
        return command;
    }

    internal sealed record MergePaths(string Output, string Failures, string Report);

    internal static async Task<RouteSummary> RouteFileAsync(
        string manifest, string output, RouteOptions options, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(manifest);
        await using var writer = new StreamWriter(output, false, new UTF8Encoding(false));
        var summary = await AuditRouter.RouteAsync(reader, writer, options, cancellationToken);
        foreach (var p in summary.Problems) await Console.Error.WriteLineAsync($"route: {p}");
        return summary;
    }

    internal static async Task<MergeReport> MergeFilesAsync(
        string manifest, string? audit, MergePaths paths, MergeOptions options, CancellationToken cancellationToken)
    {
        using var level1 = new StreamReader(manifest);
        using var auditReader = audit is null ? null : new StreamReader(audit);
        MergeReport report;
        await using (var output = new StreamWriter(paths.Output, false, new UTF8Encoding(false)))
        await using (var failures = new StreamWriter(paths.Failures, false, new UTF8Encoding(false)))
            report = await WorkflowMerger.MergeAsync(level1, auditReader, output, failures, options, cancellationToken);
        await File.WriteAllTextAsync(
            paths.Report,
            JsonSerializer.Serialize(report, WorkflowJsonContext.Default.MergeReport) + "\n",
            cancellationToken);
        return report;
    }

    internal static Option<string> LabelAttributeOption() =>
        new("--label-attribute") { Description = "Level-1 label attribute.", DefaultValueFactory = _ => "pose" };

    internal static Option<string> AuditLabelAttributeOption() =>
        new("--audit-label-attribute")
        {
            Description = "The audit job's label attribute.",
            DefaultValueFactory = _ => "pose-audit",
        };

    internal static Option<double> SampleRateOption() =>
        new("--sample-rate")
        {
            Description = "Share (0 to 1) of the objects that need no review sent to the audit as QA samples.",
            DefaultValueFactory = _ => 0.05,
        };

    internal static Option<double> MaxAuditShareOption() =>
        new("--max-audit-share")
        {
            Description = "Most objects (share of the manifest, 0 to 1) the audit may hold: the flagged objects fill " +
                          "what objects without a label and the QA sample leave, riskiest first; 1 sends every one.",
            DefaultValueFactory = _ => new RouteOptions().MaxAuditShare,
        };

    internal static Option<long> SeedOption() =>
        new("--seed") { Description = "Seed of the QA sample.", DefaultValueFactory = _ => 1 };

    internal static bool CheckRate(double rate, string command, string option = "--sample-rate")
    {
        if (rate is >= 0 and <= 1) return true;
        Console.Error.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture, $"{command}: {option} is {rate}, expected a number from 0 to 1"));
        return false;
    }

    internal static void Print(RouteSummary s, string output)
    {
        Console.WriteLine(
            $"Routed {s.Selected} of {s.Objects} objects to the audit ({s.Flagged} need review, {s.NoLabel} without " +
            $"a label, {s.Sampled} QA sample)");
        if (s.OverBudget > 0)
            Console.WriteLine(
                $"  {s.OverBudget} flagged object(s) over --max-audit-share: not audited, they keep needs_review");
        if (s.Invalid > 0) Console.WriteLine($"  {s.Invalid} line(s) not JSON objects, not routed");
        Console.WriteLine($"  audit manifest     {output}");
    }

    internal static void Print(MergeReport r, MergePaths paths)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"Merged {r.Objects} objects: {r.Written} written, {r.Failures} failed");
        Console.WriteLine(
            r.FlaggedUnaudited > 0
                ? $"  flagged            {r.Flagged} ({r.FlaggedUnaudited} not audited: they keep needs_review)"
                : $"  flagged            {r.Flagged}");
        Console.WriteLine($"  without a label    {r.NoLabel}");
        Console.WriteLine($"  QA sample          {r.Sampled}");
        Console.WriteLine($"  audited            {r.Audited} ({r.NoChangesNeeded} no changes needed)");
        Console.WriteLine(
            $"  changed            {r.Changed} ({r.ChangedMaterially} materially: another number of people or OKS < " +
            $"0.9)");
        Console.WriteLine(
            $"  verdict precision  {Rate(r.VerdictPrecision)} (flagged objects the auditor changed materially)");
        Console.WriteLine(
            string.Create(
                c,
                $"  residual error     {Rate(r.ResidualErrorEstimate)}, 95% Wilson " +
                $"[{r.ResidualErrorEstimate.Low:P1}, {r.ResidualErrorEstimate.High:P1}] (QA sample changed " +
                $"materially: error left among unaudited objects)"));
        Console.WriteLine($"  final manifest     {paths.Output}");
        Console.WriteLine($"  failures           {paths.Failures}");
        Console.WriteLine($"  report             {paths.Report}");
    }

    private static string Rate(Proportion p) =>
        p.Rate is { } rate
            ? string.Create(CultureInfo.InvariantCulture, $"{rate:P1} ({p.Successes}/{p.Trials})")
            : "n/a (none audited)";
}
