using System.CommandLine;

namespace GtCustomPose.Cli.Workflow;

/// <summary><c>gtpose workflow simulate-audit</c>: an expert's answers to an audit manifest, from the known
/// truth.</summary>
internal static class SimulateAuditCommand
{
    private sealed class Arguments
    {
        public Option<FileInfo> Manifest { get; } = new("--manifest")
        {
            Description = "Audit-job input manifest (from route).",
            Required = true,
        };

        public Option<string> LabelAttribute { get; } = SharedOptions.LabelAttribute("Level-1 label attribute");
        public Option<int> Seed { get; } = SharedOptions.Seed("the auditor's clicks", 8);

        public Option<FileInfo> Out { get; } = new("--out")
        {
            Description = "Recorded answers to write (JSON Lines for run-job --answers).",
            Required = true,
        };

        public Option<FileInfo?> Rig { get; } = SharedOptions.Rig();

        public IEnumerable<Option> All => [Manifest, LabelAttribute, Seed, Out, Rig];
    }

    public static Command Create()
    {
        var a = new Arguments();
        var command = new Command(
            "simulate-audit",
            "Answer an audit manifest as an expert would against the lines' known truth (gtpose-truth): fix what is " +
            "wrong, else tick no changes needed.");
        foreach (var option in a.All) command.Options.Add(option);
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.GetValue(a.Out)!.FullName;
            var count = await LocalWorkflow.WriteAuditAnswersAsync(
                InputFiles.Existing(result.GetValue(a.Manifest)!, "--manifest"),
                output,
                RigFiles.Load(result.GetValue(a.Rig)),
                result.GetValue(a.LabelAttribute)!,
                result.GetValue(a.Seed),
                cancellationToken);
            Console.WriteLine($"{count} audit answers written to {output}");
            return 0;
        });
        return command;
    }
}
