using System.CommandLine;
using GtCustomPose.Cli.Jobs;
using GtCustomPose.Core.Storage;
using GtCustomPose.Storage;

namespace GtCustomPose.Cli.Workflow;

/// <summary><c>gtpose workflow run</c>: level 1, route, audit, merge and report, end to end on this machine.</summary>
internal static class WorkflowRunCommand
{
    public static Command Create()
    {
        var manifest = new Option<FileInfo?>("--manifest") { Description = "Input manifest (JSON Lines)." };
        var sample = new Option<bool>("--sample")
        {
            Description = "Use the bundled sample: rendered figures with known keypoints.",
        };
        var sampleSize = new Option<int>("--sample-size")
        {
            Description = "Images in the sample.",
            DefaultValueFactory = _ => 40,
        };
        var outDir = new Option<DirectoryInfo>("--out")
        {
            Description = "Output folder: level1/, audit/, audit-input.manifest, final.manifest, failures.jsonl, " +
                          "report.json.",
            Required = true,
        };
        var attribute = WorkflowCommand.LabelAttributeOption();
        var auditAttribute = WorkflowCommand.AuditLabelAttributeOption();
        var answers = new Option<FileInfo?>("--answers")
        {
            Description = "Recorded level-1 answers (JSON Lines: source-ref or line, workerId, answer or content).",
        };
        var simulate = new Option<int>("--simulate-workers")
        {
            Description = "Simulated workers per object at level 1 (1-9).",
            DefaultValueFactory = _ => 3,
        };
        var auditAnswers = new Option<FileInfo?>("--audit-answers")
        {
            Description = "Recorded audit answers (line = line of audit-input.manifest); default: the simulated " +
                          "expert auditor.",
        };
        var rate = WorkflowCommand.SampleRateOption();
        var share = WorkflowCommand.MaxAuditShareOption();
        var routeSeed = WorkflowCommand.SeedOption();
        var seed = new Option<int>("--simulation-seed")
        {
            Description = "Seed of the sample and the simulated workers.",
            DefaultValueFactory = _ => 7,
        };
        var jobName = new Option<string>("--job-name")
        {
            Description = "Level-1 job name.",
            DefaultValueFactory = _ => "gtpose-level1",
        };
        var auditJobName = new Option<string>("--audit-job-name")
        {
            Description = "Audit job name.",
            DefaultValueFactory = _ => "gtpose-audit",
        };
        var rig = Common.RigOption();
        var store = Common.StoreOption();
        var endpoint = Common.EndpointOption();
        var outputBucket = new Option<string>("--output-bucket")
        {
            Description = "Bucket for answers and consolidation requests.",
            DefaultValueFactory = _ => "gtpose-local",
        };
        var template = new Option<FileInfo?>("--template")
        {
            Description = "Worker task template (default: the crowd-2d-skeleton template).",
        };
        // The review thresholds as the consolidation function takes them (options, else its variables).
        var review = new PostAnnotationOptions();

        var command = new Command(
            "run", "The whole workflow on this machine: level 1, route, a chained audit job, merge, report.")
        {
            manifest, sample, sampleSize, outDir, attribute, auditAttribute, answers, simulate, auditAnswers, rate,
            share, routeSeed, seed, jobName, auditJobName, rig, store, endpoint, outputBucket, template,
            review.MinConfidence, review.MinMeanConfidence, review.MinAgreement,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!WorkflowCommand.CheckRate(result.GetValue(rate), "workflow run")) return 2;
            if (!WorkflowCommand.CheckRate(result.GetValue(share), "workflow run", "--max-audit-share")) return 2;
            var dir = result.GetValue(outDir)!.FullName;
            Directory.CreateDirectory(dir);
            var theRig = Common.LoadRig(result.GetValue(rig));
            var endpointUrl = result.GetValue(endpoint) ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3");
            var storeDir = result.GetValue(store)?.FullName ?? (
                string.IsNullOrEmpty(endpointUrl) ? Path.Combine(dir, "store") : null);
            IObjectStore objects = storeDir is not null
                ? new LocalFolderStore(storeDir)
                : new S3ObjectStore(S3ObjectStore.CreateClient(endpointUrl));
            string Grant(string uri)
            {
                if (!S3Uri.TryParse(uri, out var s3)) return uri;
                // Task pages live one folder below each job's folder: DIR/<job>/tasks/.
                if (objects is LocalFolderStore local) return Path.GetRelativePath(
                    Path.Combine(dir, "level1", "tasks"), local.PathOf(s3)).Replace('\\', '/');
                return string.IsNullOrEmpty(endpointUrl)
                    ? $"https://{s3.Bucket}.s3.amazonaws.com/{s3.Key}"
                    : $"{endpointUrl.TrimEnd('/')}/{s3.Bucket}/{s3.Key}";
            }

            var manifestPath = result.GetValue(manifest)?.FullName;
            if (result.GetValue(sample))
            {
                var lines = await SampleData.CreateAsync(
                    objects, theRig, result.GetValue(sampleSize), result.GetValue(seed), cancellationToken);
                manifestPath = Path.Combine(dir, "input.manifest");
                await File.WriteAllLinesAsync(manifestPath, lines, cancellationToken);
            }
            if (manifestPath is null) { await Console.Error.WriteLineAsync(
                "workflow run: give --manifest FILE or --sample"); return 2; }
            if (result.GetValue(simulate) is < 1 or > 9) { await Console.Error.WriteLineAsync(
                "workflow run: --simulate-workers takes 1 to 9 (Ground Truth's range)"); return 2; }

            // Level 1 is never an audit job, whatever GTPOSE_AUDIT_MODE says; the workflow sets it on the audit job.
            var consolidation = review.Consolidation(result) with { AuditMode = false };
            var options = new WorkflowRunOptions
            {
                Manifest = manifestPath,
                OutDir = dir,
                Rig = theRig,
                Store = objects,
                GrantReadAccess = Grant,
                TemplateFile = result.GetValue(template)?.FullName ?? Path.Combine(
                    AppContext.BaseDirectory, "templates", "pose-skeleton.liquid.html"),
                LabelAttribute = result.GetValue(attribute)!,
                AuditLabelAttribute = result.GetValue(auditAttribute)!,
                JobName = result.GetValue(jobName)!,
                AuditJobName = result.GetValue(auditJobName)!,
                OutputBucket = result.GetValue(outputBucket)!,
                AnswersFile = result.GetValue(answers)?.FullName,
                SimulateWorkers = result.GetValue(simulate),
                Seed = result.GetValue(seed),
                SampleRate = result.GetValue(rate),
                MaxAuditShare = result.GetValue(share),
                RouteSeed = result.GetValue(routeSeed),
                AuditAnswersFile = result.GetValue(auditAnswers)?.FullName,
                Consolidation = consolidation,
            };
            var run = await new LocalWorkflow(options, Console.Error).RunAsync(cancellationToken);
            LocalWorkflow.Print(run);
            return 0;
        });
        return command;
    }
}
