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
        var manifest = new Option<FileInfo?>("--manifest") { Description = "Input manifest (JSON Lines)." };
        var sample = new Option<bool>("--sample") { Description = "Use the bundled sample: rendered figures with known keypoints (written to the store)." };
        var sampleSize = new Option<int>("--sample-size") { Description = "Images in the sample.", DefaultValueFactory = _ => 12 };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Output folder: output.manifest, tasks/, summary.json, failures.jsonl.", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace an earlier job's outputs in --out (and its output in a local store)." };
        var attribute = new Option<string>("--label-attribute") { Description = "Label attribute name.", DefaultValueFactory = _ => "pose" };
        var answers = new Option<FileInfo?>("--answers") { Description = "Recorded answers (JSON Lines: source-ref or line, workerId, answer or content)." };
        var simulate = new Option<int?>("--simulate-workers") { Description = "Simulate N workers per object (1 to 9) instead of recorded answers (--sample: 5)." };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Objects per consolidation request after the first request of 10 (Ground Truth's MaxConcurrentTaskCount, 1 to 5000).",
            DefaultValueFactory = _ => ConsolidationBatches.DefaultSize,
        };
        var rig = Common.RigOption();
        var jobName = new Option<string>("--job-name") { Description = "Labeling job name.", DefaultValueFactory = _ => "gtpose-local-job" };
        var store = Common.StoreOption();
        var endpoint = Common.EndpointOption();
        var outputBucket = new Option<string>("--output-bucket") { Description = "Bucket of the job's output (s3://BUCKET/JOB-NAME/).", DefaultValueFactory = _ => "gtpose-local" };
        var template = new Option<FileInfo?>("--template") { Description = "Worker task template (default: the crowd-2d-skeleton template)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulation.", DefaultValueFactory = _ => 7 };
        var pre = new PreAnnotationOptions();
        var post = new PostAnnotationOptions();

        var command = new Command("run-job", "Play a Ground Truth labeling job end to end on this machine: pre-annotation, task pages, answers, consolidation, output manifest.")
        {
            manifest, sample, sampleSize, outDir, force, attribute, answers, simulate, batchSize, rig, jobName, store, endpoint, outputBucket, template, seed,
        };
        foreach (var option in pre.All.Concat(post.All)) command.Options.Add(option);
        command.SetAction(async (result, cancellationToken) =>
        {
            var labelAttribute = result.GetValue(attribute)!;
            var chained = pre.ChainedLabelAttribute(result);
            var workers = result.GetValue(simulate);
            var useSample = result.GetValue(sample);
            Check(result.GetValue(manifest), useSample, result.GetValue(answers), workers, result.GetValue(sampleSize), result.GetValue(batchSize), labelAttribute, chained);
            if (useSample && workers is null && result.GetValue(answers) is null) workers = 5;

            var dir = result.GetValue(outDir)!.FullName;
            var theRig = Common.LoadRig(result.GetValue(rig));
            var preSettings = pre.Settings(result, theRig);
            var endpointUrl = result.GetValue(endpoint) ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3");
            var storeDir = result.GetValue(store)?.FullName ?? (string.IsNullOrEmpty(endpointUrl) ? Path.Combine(dir, "store") : null);
            var objects = storeDir is not null ? new LocalFolderStore(storeDir) : Common.Store(null, endpointUrl);
            var layout = new JobLayout(result.GetValue(outputBucket)!, result.GetValue(jobName)!);
            var options = new JobOptions
            {
                Manifest = result.GetValue(manifest)?.FullName ?? Path.Combine(dir, "input.manifest"),
                OutDir = dir,
                Rig = theRig,
                Store = objects,
                GrantReadAccess = uri => Grant(uri, objects, Path.Combine(dir, "tasks"), endpointUrl),
                LabelAttribute = labelAttribute,
                JobName = layout.JobName,
                OutputBucket = layout.Bucket,
                AnswersFile = result.GetValue(answers)?.FullName,
                SimulateWorkers = workers ?? 0,
                Seed = result.GetValue(seed),
                ChainedLabelAttribute = chained,
                OnlyNeedsReview = preSettings.OnlyObjectsNeedingReview,
                ComponentScriptUri = preSettings.ComponentScriptUri,
                Consolidation = post.Consolidation(result),
                AllowedBuckets = post.AllowedBucketSet(result),
                BatchSize = result.GetValue(batchSize),
                TemplateFile = result.GetValue(template)?.FullName ?? Path.Combine(AppContext.BaseDirectory, "templates", "pose-skeleton.liquid.html"),
            };
            var summary = await JobProgress.RunAsync(async progress =>
            {
                await OutputFolder.PrepareAsync(dir, objects, layout, result.GetValue(force), progress, cancellationToken);
                if (useSample) await WriteSampleAsync(options, result.GetValue(sampleSize), progress, cancellationToken);
                return await new LocalJobRunner(options, progress).RunAsync(cancellationToken);
            });
            RunJobSummary.Print(summary, options, storeDir, endpointUrl);
            return 0;
        });
        return command;
    }

    /// <summary>Arguments that cannot make a job, refused before any work starts.</summary>
    private static void Check(FileInfo? manifest, bool sample, FileInfo? answers, int? workers, int sampleSize, int batchSize,
        string labelAttribute, string? chained)
    {
        if (sample && manifest is not null)
            throw new UsageError("--sample makes its own manifest, so --manifest would be ignored: give one of them");
        if (!sample && manifest is null)
            throw new UsageError("no input: give --manifest FILE (JSON Lines, one data object a line) or --sample");
        if (answers is not null && workers is not null)
            throw new UsageError("--answers and --simulate-workers both give the answers: give one of them");
        if (workers is < 1 or > 9)
            throw new UsageError($"--simulate-workers takes 1 to 9 workers per object (Ground Truth's range), not {workers}");
        if (!sample && answers is null && workers is null)
            throw new UsageError("no answers to consolidate: give --answers FILE (recorded answers, JSON Lines) or --simulate-workers N (1 to 9)");
        if (sample && sampleSize is < 1)
            throw new UsageError($"--sample-size takes 1 or more images, not {sampleSize}");
        if (batchSize is < 1 or > ConsolidationBatches.Largest)
            throw new UsageError($"--batch-size takes 1 to {ConsolidationBatches.Largest} objects per consolidation request, not {batchSize}");
        if (chained is not null && string.Equals(chained, labelAttribute, StringComparison.Ordinal))
            throw new UsageError($"--label-attribute {labelAttribute} is the chained job's label attribute too, so the new label " +
                $"would overwrite the earlier one: give this job its own, e.g. --label-attribute {labelAttribute}-audit");
    }

    private static async Task WriteSampleAsync(JobOptions options, int size, JobProgress progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.OutDir);
        var step = progress.Start("sample images", size);
        var lines = await SampleData.CreateAsync(options.Store, options.Rig, size, options.Seed, cancellationToken, () => step.Advance());
        await File.WriteAllLinesAsync(options.Manifest, lines, cancellationToken);
    }

    /// <summary>How a task page reaches an image: a path relative to the page in a local store, else an https URL.</summary>
    private static string Grant(string uri, IObjectStore objects, string tasksDir, string? endpointUrl)
    {
        if (!S3Uri.TryParse(uri, out var s3)) return uri;
        if (objects is LocalFolderStore local) return Path.GetRelativePath(tasksDir, local.PathOf(s3)).Replace('\\', '/');
        return string.IsNullOrEmpty(endpointUrl)
            ? string.Create(CultureInfo.InvariantCulture, $"https://{s3.Bucket}.s3.amazonaws.com/{s3.Key}")
            : $"{endpointUrl.TrimEnd('/')}/{s3.Bucket}/{s3.Key}";
    }
}
