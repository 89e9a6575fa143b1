using System.CommandLine;
using GtCustomPose.Core.Workflow;

namespace GtCustomPose.Cli.Workflow;

/// <summary><c>gtpose workflow route</c>: what goes to the audit job.</summary>
internal static class RouteCommand
{
    /// <summary>The options of <c>workflow route</c>.</summary>
    private sealed class Arguments
    {
        public Option<FileInfo> Manifest { get; } = new("--manifest")
        {
            Description = "Level-1 output manifest (after re-consolidation).",
            Required = true,
        };

        public Option<string> LabelAttribute { get; } = SharedOptions.LabelAttribute("Level-1 label attribute");
        public Option<double> SampleRate { get; } = WorkflowOptions.SampleRate();
        public Option<double> MaxAuditShare { get; } = WorkflowOptions.MaxAuditShare();
        public Option<long> QaSeed { get; } = WorkflowOptions.QaSeed();

        public Option<FileInfo> Out { get; } = new("--out")
        {
            Description = "Audit-job input manifest to write.",
            Required = true,
        };

        public Option<string?> SourceJob { get; } = new("--source-job")
        {
            Description = "Level-1 job name for the hints (default: each line's <attribute>-metadata.job-name).",
        };

        public Option<double> Doubtful { get; } = new("--doubtful-keypoint-confidence")
        {
            Description = "Keypoints below this confidence are highlighted.",
            DefaultValueFactory = _ => new RouteOptions().DoubtfulKeypointConfidence,
        };

        public Option<string> SecondLevel { get; } = WorkflowOptions.SecondLevel();

        public IEnumerable<Option> All =>
            [Manifest, LabelAttribute, SampleRate, MaxAuditShare, QaSeed, Out, SourceJob, Doubtful, SecondLevel];

        public RouteOptions Bind(ParseResult result) => new()
        {
            LabelAttribute = result.GetValue(LabelAttribute)!,
            SampleRate = result.GetValue(SampleRate),
            MaxAuditShare = result.GetValue(MaxAuditShare),
            Seed = result.GetValue(QaSeed),
            SourceJob = result.GetValue(SourceJob),
            DoubtfulKeypointConfidence = result.GetValue(Doubtful),
        };
    }

    public static Command Create()
    {
        var a = new Arguments();
        var command = new Command(
            "route",
            "Choose what goes to the audit job within a budget (--max-audit-share): every object without a label, " +
            "a seeded QA sample, then the labels by p_wrong, highest first.");
        foreach (var option in a.All) command.Options.Add(option);
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.GetValue(a.Out)!.FullName;
            var summary = await WorkflowFiles.RouteAsync(
                InputFiles.Existing(result.GetValue(a.Manifest)!, "--manifest"), output, a.Bind(result),
                WorkflowOptions.ParseSecondLevel(result.GetValue(a.SecondLevel)) == Workflow.SecondLevel.Relabel,
                cancellationToken);
            WorkflowSummaries.Print(summary, output);
            return 0;
        });
        return command;
    }
}
