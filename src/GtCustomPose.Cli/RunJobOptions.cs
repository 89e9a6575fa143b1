using System.CommandLine;
using GtCustomPose.Cli.Jobs;

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

    public Option<bool> Force { get; } = new("--force")
    {
        Description = "Replace an earlier job's outputs in --out (and its output in a local store).",
    };

    public Option<string> LabelAttribute { get; } = new("--label-attribute")
    {
        Description = "Label attribute name.",
        DefaultValueFactory = _ => "pose",
    };

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

    public Option<FileInfo?> Rig { get; } = Common.RigOption();

    public Option<string> JobName { get; } = new("--job-name")
    {
        Description = "Labeling job name.",
        DefaultValueFactory = _ => "gtpose-local-job",
    };

    public Option<DirectoryInfo?> Store { get; } = Common.StoreOption();

    public Option<string?> Endpoint { get; } = Common.EndpointOption();

    public Option<string> OutputBucket { get; } = new("--output-bucket")
    {
        Description = "Bucket of the job's output (s3://BUCKET/JOB-NAME/).",
        DefaultValueFactory = _ => "gtpose-local",
    };

    public Option<FileInfo?> Template { get; } = new("--template")
    {
        Description = "Worker task template (default: the crowd-2d-skeleton template).",
    };

    public Option<int> Seed { get; } = new("--seed")
    {
        Description = "Seed of the simulation.",
        DefaultValueFactory = _ => 7,
    };

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
}
