using System.CommandLine;
using GtCustomPose.Cli.Jobs;

namespace GtCustomPose.Cli.Workflow;

/// <summary><c>gtpose workflow run</c>: level 1, route, audit, merge and report, end to end on this machine.</summary>
internal static class WorkflowRunCommand
{
    public static Command Create()
    {
        var a = new WorkflowRunArguments();
        var command = new Command(
            "run", "The whole workflow on this machine: level 1, route, a chained audit job, merge, report.");
        foreach (var option in a.All) command.Options.Add(option);
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = a.Bind(result);
            await OutputFolder.ClaimAsync(WorkflowRunArguments.Outputs(options), result.GetValue(a.Force),
                message => Console.Error.WriteLine($"warning: {message}"), cancellationToken);
            if (options.SampleSize is { } size)
            {
                Directory.CreateDirectory(options.OutDir);
                var lines = await SampleData.CreateAsync(
                    options.Store, options.Rig, size, options.Seed, cancellationToken);
                await File.WriteAllLinesAsync(options.Manifest, lines, cancellationToken);
            }
            var run = await new LocalWorkflow(options, Console.Error).RunAsync(cancellationToken);
            LocalWorkflow.Print(run);
            return Outcome.Labeled(run.Level1.Labeled, run.Level1.Objects);
        });
        return command;
    }
}
