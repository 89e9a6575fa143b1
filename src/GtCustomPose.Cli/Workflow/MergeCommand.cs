using System.CommandLine;
using GtCustomPose.Core.Workflow;

namespace GtCustomPose.Cli.Workflow;

/// <summary><c>gtpose workflow merge</c>: level 1 and the audit as one dataset.</summary>
internal static class MergeCommand
{
    /// <summary>The options of <c>workflow merge</c>.</summary>
    private sealed class Arguments
    {
        public Option<FileInfo> Manifest { get; } = new("--manifest")
        {
            Description = "Level-1 output manifest (after re-consolidation).",
            Required = true,
        };

        public Option<FileInfo?> Audit { get; } = new("--audit-manifest")
        {
            Description = "The audit job's output manifest (omit when nothing was audited).",
        };

        public Option<string> LabelAttribute { get; } = SharedOptions.LabelAttribute("Level-1 label attribute");
        public Option<string> AuditLabelAttribute { get; } = SharedOptions.AuditLabelAttribute();
        public Option<FileInfo> Out { get; } = new("--out")
        {
            Description = "Final manifest to write.",
            Required = true,
        };

        public Option<FileInfo?> Report { get; } = new("--report")
        {
            Description = "report.json to write (default: beside --out).",
        };

        public Option<FileInfo?> Failures { get; } = new("--failures")
        {
            Description = "failures.jsonl to write (default: beside --out).",
        };

        public Option<double> MaterialOks { get; } = new("--material-oks")
        {
            Description = "OKS between the two labels below which a change is material.",
            DefaultValueFactory = _ => 0.9,
        };

        public Option<FileInfo?> Rig { get; } = SharedOptions.Rig();
        public Option<double> TargetError { get; } = WorkflowOptions.TargetError();

        public IEnumerable<Option> All =>
        [
            Manifest, Audit, LabelAttribute, AuditLabelAttribute, Out, Report, Failures, MaterialOks, Rig, TargetError,
        ];

        public MergeOptions Bind(ParseResult result) => new()
        {
            LabelAttribute = result.GetValue(LabelAttribute)!,
            AuditLabelAttribute = result.GetValue(AuditLabelAttribute)!,
            MaterialOks = result.GetValue(MaterialOks),
            Rig = RigFiles.Load(result.GetValue(Rig)),
            TargetError = result.GetValue(TargetError),
        };

        public MergePaths Paths(ParseResult result) => MergePaths.Beside(
            result.GetValue(Out)!.FullName, result.GetValue(Failures)?.FullName, result.GetValue(Report)?.FullName);
    }

    public static Command Create()
    {
        var a = new Arguments();
        var command = new Command(
            "merge", "Merge level 1 and the audit into one dataset with provenance, failures.jsonl and report.json.");
        foreach (var option in a.All) command.Options.Add(option);
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = a.Bind(result);
            var paths = a.Paths(result);
            var manifest = InputFiles.Existing(result.GetValue(a.Manifest)!, "--manifest");
            var audit = result.GetValue(a.Audit) is { } file ? InputFiles.Existing(file, "--audit-manifest") : null;
            var merged = await WorkflowFiles.MergeAsync(manifest, audit, paths, options, cancellationToken);
            WorkflowSummaries.Print(merged, paths);
            return 0;
        });
        return command;
    }
}
