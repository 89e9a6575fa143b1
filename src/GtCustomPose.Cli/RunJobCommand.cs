using System.CommandLine;
using System.Globalization;
using GtCustomPose.Cli.Jobs;
using GtCustomPose.Core.Storage;
using GtCustomPose.Storage;

namespace GtCustomPose.Cli;

/// <summary><c>gtpose run-job</c>: a whole labeling job on this machine.</summary>
internal static class RunJobCommand
{
    public static Command Create()
    {
        var o = new RunJobOptions();
        var command = new Command("run-job", "Play a Ground Truth labeling job end to end on this machine: " +
            "pre-annotation, task pages, answers, consolidation, output manifest.");
        foreach (var option in o.All) command.Options.Add(option);
        command.SetAction(async (result, cancellationToken) =>
        {
            o.Check(result);
            var dir = result.GetValue(o.Out)!.FullName;
            var endpoint = result.GetValue(o.Endpoint) ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3");
            var storeDir = result.GetValue(o.Store)?.FullName
                ?? (string.IsNullOrEmpty(endpoint) ? Path.Combine(dir, "store") : null);
            var store = storeDir is not null ? new LocalFolderStore(storeDir) : Common.Store(null, endpoint);
            var options = Options(o, result, dir, store, endpoint);
            var layout = new JobLayout(options.OutputBucket, options.JobName);
            var summary = await JobProgress.RunAsync(async progress =>
            {
                var force = result.GetValue(o.Force);
                await OutputFolder.PrepareAsync(dir, store, layout, force, progress, cancellationToken);
                if (result.GetValue(o.Sample))
                    await WriteSampleAsync(options, result.GetValue(o.SampleSize), progress, cancellationToken);
                return await new LocalJobRunner(options, progress).RunAsync(cancellationToken);
            });
            RunJobSummary.Print(summary, options, storeDir, endpoint);
            return 0;
        });
        return command;
    }

    private static JobOptions Options(
        RunJobOptions o, ParseResult result, string dir, IObjectStore store, string? endpoint)
    {
        var rig = Common.LoadRig(result.GetValue(o.Rig));
        var pre = o.PreAnnotation.Settings(result, rig);
        var answers = result.GetValue(o.Answers)?.FullName;
        var template = result.GetValue(o.Template)?.FullName
            ?? Path.Combine(AppContext.BaseDirectory, "templates", "pose-skeleton.liquid.html");
        return new JobOptions
        {
            Manifest = result.GetValue(o.Manifest)?.FullName ?? Path.Combine(dir, "input.manifest"),
            OutDir = dir,
            Rig = rig,
            Store = store,
            GrantReadAccess = uri => Grant(uri, store, Path.Combine(dir, "tasks"), endpoint),
            LabelAttribute = result.GetValue(o.LabelAttribute)!,
            JobName = result.GetValue(o.JobName)!,
            OutputBucket = result.GetValue(o.OutputBucket)!,
            AnswersFile = answers,
            // The sample alone is a job with five simulated workers.
            SimulateWorkers = result.GetValue(o.SimulateWorkers)
                ?? (answers is null && result.GetValue(o.Sample) ? 5 : 0),
            Seed = result.GetValue(o.Seed),
            ChainedLabelAttribute = pre.ChainedLabelAttribute,
            OnlyNeedsReview = pre.OnlyObjectsNeedingReview,
            Consolidation = o.PostAnnotation.Consolidation(result),
            AllowedBuckets = o.PostAnnotation.AllowedBucketSet(result),
            BatchSize = result.GetValue(o.BatchSize),
            TemplateFile = template,
        };
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

    /// <summary>How a task page reaches an image: relative to the page in a local store, else an https URL.</summary>
    private static string Grant(string uri, IObjectStore store, string tasksDir, string? endpoint)
    {
        if (!S3Uri.TryParse(uri, out var s3)) return uri;
        if (store is LocalFolderStore local) return Path.GetRelativePath(tasksDir, local.PathOf(s3)).Replace('\\', '/');
        return string.IsNullOrEmpty(endpoint)
            ? string.Create(CultureInfo.InvariantCulture, $"https://{s3.Bucket}.s3.amazonaws.com/{s3.Key}")
            : $"{endpoint.TrimEnd('/')}/{s3.Bucket}/{s3.Key}";
    }
}
