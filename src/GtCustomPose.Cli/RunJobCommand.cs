using System.CommandLine;
using GtCustomPose.Cli.Jobs;

namespace GtCustomPose.Cli;

/// <summary><c>gtpose run-job</c>: a whole labeling job on this machine.</summary>
internal static class RunJobCommand
{
    private static readonly string[] Written = ["output.manifest", "summary.json", "failures.jsonl", "tasks"];

    public static Command Create()
    {
        var o = new RunJobOptions();
        var command = new Command("run-job", "Play a Ground Truth labeling job end to end on this machine: " +
            "pre-annotation, task pages, answers, consolidation, output manifest.");
        foreach (var option in o.All) command.Options.Add(option);
        command.SetAction(async (result, cancellationToken) =>
        {
            o.Check(result);
            var options = o.Bind(result);
            var summary = await JobProgress.RunAsync(async progress =>
            {
                // input.manifest of --sample is rewritten anyway.
                var claim = new OutputClaim(options.OutDir, Written, "job")
                {
                    Store = options.Store,
                    Jobs = [new JobLayout(options.OutputBucket, options.JobName)],
                };
                await OutputFolder.ClaimAsync(claim, result.GetValue(o.Force), progress.Warn, cancellationToken);
                if (result.GetValue(o.Sample))
                    await WriteSampleAsync(options, result.GetValue(o.SampleSize), progress, cancellationToken);
                return await new LocalJobRunner(options, progress).RunAsync(cancellationToken);
            });
            RunJobSummary.Print(summary, options, o.Hints(result));
            return Outcome.Labeled(summary.Labeled, summary.Objects, summary.Failures);
        });
        return command;
    }

    private static async Task WriteSampleAsync(
        JobOptions options, int size, JobProgress progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.OutDir);
        var step = progress.Start("sample images", size);
        var lines = await SampleData.CreateAsync(
            options.Store, options.Rig, size, options.Seed, cancellationToken, () => step.Advance());
        await File.WriteAllLinesAsync(options.Manifest, lines, cancellationToken);
    }
}
