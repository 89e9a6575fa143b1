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
        var attribute = new Option<string>("--label-attribute") { Description = "Label attribute name.", DefaultValueFactory = _ => "pose" };
        var answers = new Option<FileInfo?>("--answers") { Description = "Recorded answers (JSON Lines: source-ref or line, workerId, answer or content)." };
        var simulate = new Option<int>("--simulate-workers") { Description = "Simulate N workers per object (1-9) instead of recorded answers." };
        var rig = Common.RigOption();
        var jobName = new Option<string>("--job-name") { Description = "Labeling job name.", DefaultValueFactory = _ => "gtpose-local-job" };
        var store = Common.StoreOption();
        var endpoint = Common.EndpointOption();
        var outputBucket = new Option<string>("--output-bucket") { Description = "Bucket for answers and consolidation requests.", DefaultValueFactory = _ => "gtpose-local" };
        var template = new Option<FileInfo?>("--template") { Description = "Worker task template (default: the crowd-2d-skeleton template)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulation.", DefaultValueFactory = _ => 7 };
        var chained = new Option<string?>("--chained-label-attribute") { Description = "Earlier job's label attribute whose labels become initial values." };

        var command = new Command("run-job", "Play a Ground Truth labeling job end to end on this machine: pre-annotation, task pages, answers, consolidation, output manifest.")
        {
            manifest, sample, sampleSize, outDir, attribute, answers, simulate, rig, jobName, store, endpoint, outputBucket, template, seed, chained,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var dir = result.GetValue(outDir)!.FullName;
            var theRig = Common.LoadRig(result.GetValue(rig));
            var endpointUrl = result.GetValue(endpoint) ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3");
            var storeDir = result.GetValue(store)?.FullName ?? (string.IsNullOrEmpty(endpointUrl) ? Path.Combine(dir, "store") : null);
            IObjectStore objects = storeDir is not null ? new LocalFolderStore(storeDir) : new S3ObjectStore(S3ObjectStore.CreateClient(endpointUrl));
            var tasksDir = Path.Combine(dir, "tasks");
            string Grant(string uri)
            {
                if (!S3Uri.TryParse(uri, out var s3)) return uri;
                if (objects is LocalFolderStore local) return Path.GetRelativePath(tasksDir, local.PathOf(s3)).Replace('\\', '/');
                return string.IsNullOrEmpty(endpointUrl) ? $"https://{s3.Bucket}.s3.amazonaws.com/{s3.Key}" : $"{endpointUrl.TrimEnd('/')}/{s3.Bucket}/{s3.Key}";
            }

            var manifestPath = result.GetValue(manifest)?.FullName;
            var workers = result.GetValue(simulate);
            if (result.GetValue(sample))
            {
                Directory.CreateDirectory(dir);
                var lines = await SampleData.CreateAsync(objects, theRig, result.GetValue(sampleSize), result.GetValue(seed), cancellationToken);
                manifestPath = Path.Combine(dir, "input.manifest");
                await File.WriteAllLinesAsync(manifestPath, lines, cancellationToken);
                if (workers == 0 && result.GetValue(answers) is null) workers = 5;
            }
            if (manifestPath is null) { await Console.Error.WriteLineAsync("run-job: give --manifest FILE or --sample"); return 2; }
            if (workers is < 0 or > 9) { await Console.Error.WriteLineAsync("run-job: --simulate-workers takes 1 to 9 (Ground Truth's range)"); return 2; }

            var options = new JobOptions
            {
                Manifest = manifestPath,
                OutDir = dir,
                Rig = theRig,
                Store = objects,
                GrantReadAccess = Grant,
                LabelAttribute = result.GetValue(attribute)!,
                JobName = result.GetValue(jobName)!,
                OutputBucket = result.GetValue(outputBucket)!,
                AnswersFile = result.GetValue(answers)?.FullName,
                SimulateWorkers = workers,
                Seed = result.GetValue(seed),
                ChainedLabelAttribute = result.GetValue(chained),
                TemplateFile = result.GetValue(template)?.FullName ?? Path.Combine(AppContext.BaseDirectory, "templates", "pose-skeleton.liquid.html"),
            };
            var summary = await new LocalJobRunner(options, Console.Error).RunAsync(cancellationToken);
            Print(summary, storeDir ?? endpointUrl!);
            return 0;
        });
        return command;
    }

    private static void Print(JobSummary s, string store)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"Labeling job '{s.JobName}' finished");
        Console.WriteLine($"  objects            {s.Objects} ({s.HumanTasks} sent to workers, {s.Skipped} skipped, {s.Failed} failed)");
        Console.WriteLine($"  answers            {s.Answers} from {s.Workers} workers");
        Console.WriteLine($"  labeled            {s.Labeled}");
        Console.WriteLine(string.Create(c, $"  mean agreement     {(s.MeanAgreement is { } a ? a.ToString("F3", c) : "n/a")} (OKS of workers to the consensus)"));
        if (s.MeanOksVsTruth is { } oks) Console.WriteLine(string.Create(c, $"  mean OKS vs truth  {oks:F3} (simulated workers on known keypoints)"));
        Console.WriteLine($"  needs review       {s.NeedsReview}{(s.ReviewReasons.Count > 0 ? " (" + string.Join(", ", s.ReviewReasons.Select(r => $"{r.Key}: {r.Value}")) + ")" : "")}");
        Console.WriteLine($"  output manifest    {s.OutputManifest}");
        Console.WriteLine($"  task pages         {s.TasksFolder}");
        Console.WriteLine($"  failures           {s.Failures}");
        Console.WriteLine($"  store              {store}");
    }
}
