using System.CommandLine;
using GtCustomPose.Cli.Jobs;
using GtCustomPose.LambdaRuntime;
using GtCustomPose.PreAnnotation;

namespace GtCustomPose.Cli;

/// <summary>The options of <c>gtpose run-job</c>, and the check of what cannot make a job.</summary>
internal sealed class RunJobOptions
{
    public Option<FileInfo?> Manifest { get; } = new("--manifest") { Description = "Input manifest (JSON Lines)." };

    public Option<bool> Sample { get; } = new("--sample")
    {
        Description = "Use the bundled sample: rendered figures with known keypoints (written to the store).",
    };

    public Option<int> SampleSize { get; } = new("--sample-size")
    {
        Description = "Images in the sample.",
        DefaultValueFactory = _ => 12,
    };

    public Option<DirectoryInfo> Out { get; } = new("--out")
    {
        Description = "Output folder: output.manifest, tasks/, summary.json, failures.jsonl.",
        Required = true,
    };

    public Option<bool> Force { get; } = SharedOptions.Force();

    public Option<string> LabelAttribute { get; } = SharedOptions.LabelAttribute();

    public Option<FileInfo?> Answers { get; } = new("--answers")
    {
        Description = "Recorded answers (JSON Lines: source-ref or line, workerId, answer or content).",
    };

    public Option<int?> SimulateWorkers { get; } = new("--simulate-workers")
    {
        Description = "Simulate N workers per object (1 to 9) instead of recorded answers (--sample: 5).",
    };

    public Option<int> BatchSize { get; } = new("--batch-size")
    {
        Description = "Objects per consolidation request after the first request of 10 " +
            "(Ground Truth's MaxConcurrentTaskCount, 1 to 5000).",
        DefaultValueFactory = _ => ConsolidationBatches.DefaultSize,
    };

    public Option<FileInfo?> Rig { get; } = SharedOptions.Rig();

    public Option<string> JobName { get; } = new("--job-name")
    {
        Description = "Labeling job name.",
        DefaultValueFactory = _ => "gtpose-local-job",
    };

    public Option<DirectoryInfo?> Store { get; } = SharedOptions.Store();

    public Option<string?> Endpoint { get; } = SharedOptions.Endpoint();

    public Option<string> OutputBucket { get; } = new("--output-bucket")
    {
        Description = "Bucket of the job's output (s3://BUCKET/JOB-NAME/).",
        DefaultValueFactory = _ => "gtpose-local",
    };

    public Option<FileInfo?> Template { get; } = new("--template") { Description = InputFiles.TemplateHelp };

    public Option<int> Seed { get; } = SharedOptions.Seed("the sample's figures and the simulated workers");

    public PreAnnotationOptions PreAnnotation { get; } = new();

    public PostAnnotationOptions PostAnnotation { get; } = new();

    public IEnumerable<Option> All =>
    [
        Manifest, Sample, SampleSize, Out, Force, LabelAttribute, Answers, SimulateWorkers, BatchSize, Rig,
        JobName, Store, Endpoint, OutputBucket, Template, Seed, .. PreAnnotation.All, .. PostAnnotation.All,
    ];

    /// <summary>Arguments that cannot make a job, refused before any work starts.</summary>
    public void Check(ParseResult result)
    {
        var sample = result.GetValue(Sample);
        var manifest = result.GetValue(Manifest);
        var answers = result.GetValue(Answers);
        var workers = result.GetValue(SimulateWorkers);
        if (sample && manifest is not null)
            throw new UsageError("--sample makes its own manifest, so --manifest would be ignored: give one of them");
        if (!sample && manifest is null)
            throw new UsageError("no input: give --manifest FILE (JSON Lines, one data object a line) or --sample");
        if (answers is not null && workers is not null)
            throw new UsageError("--answers and --simulate-workers both give the answers: give one of them");
        if (workers is < 1 or > 9)
            throw new UsageError(
                $"--simulate-workers takes 1 to 9 workers per object (Ground Truth's range), not {workers}");
        if (!sample && answers is null && workers is null)
            throw new UsageError("no answers to consolidate: give --answers FILE (recorded answers, JSON Lines) " +
                "or --simulate-workers N (1 to 9)");
        if (sample && result.GetValue(SampleSize) is var size and < 1)
            throw new UsageError($"--sample-size takes 1 or more images, not {size}");
        if (result.GetValue(BatchSize) is var batch and (< 1 or > ConsolidationBatches.Largest))
            throw new UsageError(
                $"--batch-size takes 1 to {ConsolidationBatches.Largest} objects per request, not {batch}");
        var attribute = result.GetValue(LabelAttribute)!;
        if (string.Equals(PreAnnotation.ChainedLabelAttribute(result), attribute, StringComparison.Ordinal))
            throw new UsageError($"--label-attribute {attribute} is the chained job's label attribute too, " +
                "so the new label would overwrite the earlier one: " +
                $"give this job its own, e.g. --label-attribute {attribute}-audit");
    }

    /// <summary>The job's settings from checked arguments (<see cref="Check"/> first); input files must exist.</summary>
    public JobOptions Bind(ParseResult result)
    {
        var dir = result.GetValue(Out)!.FullName;
        var endpoint = Stores.Endpoint(result.GetValue(Endpoint));
        var (store, _) = Stores.ForJob(result.GetValue(Store), endpoint, Path.Combine(dir, "store"));
        var rig = RigFiles.Load(result.GetValue(Rig));
        var pre = PreAnnotation.Settings(result, rig);
        var answers = InputFiles.ExistingOrNull(result.GetValue(Answers), "--answers", "answers file");
        return new JobOptions
        {
            Manifest = InputFiles.ExistingOrNull(result.GetValue(Manifest), "--manifest", "manifest file")
                ?? Path.Combine(dir, "input.manifest"),
            OutDir = dir,
            Rig = rig,
            Store = store,
            GrantReadAccess = uri => Stores.TaskPageUrl(uri, store, Path.Combine(dir, "tasks"), endpoint),
            LabelAttribute = result.GetValue(LabelAttribute)!,
            JobName = result.GetValue(JobName)!,
            OutputBucket = result.GetValue(OutputBucket)!,
            AnswersFile = answers,
            // The sample alone is a job with five simulated workers.
            SimulateWorkers = result.GetValue(SimulateWorkers)
                ?? (answers is null && result.GetValue(Sample) ? 5 : 0),
            Seed = result.GetValue(Seed),
            ChainedLabelAttribute = pre.ChainedLabelAttribute,
            OnlyNeedsReview = pre.OnlyObjectsNeedingReview,
            Consolidation = PostAnnotation.Consolidation(result),
            AllowedBuckets = PostAnnotation.AllowedBucketSet(result),
            BatchSize = result.GetValue(BatchSize),
            TemplateFile = InputFiles.Template(result.GetValue(Template)),
        };
    }

    /// <summary>The options a command run on this job's output needs again: where the store is, the rig, the review
    /// thresholds.</summary>
    public NextHints Hints(ParseResult result) => new(
        result.GetValue(Store)?.FullName
            ?? (Stores.Endpoint(result.GetValue(Endpoint)) is null ? Path.Combine(result.GetValue(Out)!.FullName,
                "store") : null),
        Stores.Endpoint(result.GetValue(Endpoint)),
        result.GetValue(Rig)?.FullName ?? FunctionEnvironment.Process.Get(PreAnnotationEnvironment.RigFile),
        [.. PostAnnotation.Given(result)]);
}
