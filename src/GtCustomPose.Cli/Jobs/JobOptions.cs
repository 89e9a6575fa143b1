using GtCustomPose.Core;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Pre;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Cli.Jobs;

/// <summary>Settings of a local labeling job.</summary>
internal sealed record JobOptions
{
    public required string Manifest { get; init; }
    public required string OutDir { get; init; }
    public required Rig Rig { get; init; }
    public required IObjectStore Store { get; init; }
    /// <summary>How a task page reaches an s3:// URI (grant_read_access stands in for a presigned URL).</summary>
    public required Func<string, string> GrantReadAccess { get; init; }
    public string LabelAttribute { get; init; } = LabelAttributes.Default;
    public string JobName { get; init; } = "gtpose-local-job";
    /// <summary>Bucket of the job's output (Ground Truth's S3OutputPath): <c>s3://bucket/job-name/</c>.</summary>
    public string OutputBucket { get; init; } = "gtpose-local";
    public string? AnswersFile { get; init; }
    public int SimulateWorkers { get; init; }
    public int Seed { get; init; } = 7;
    public string? ChainedLabelAttribute { get; init; }
    /// <summary>GTPOSE_ONLY_NEEDS_REVIEW of the pre-annotation function.</summary>
    public bool OnlyNeedsReview { get; init; }
    /// <summary>The post-annotation function's consolidation settings (review thresholds, audit mode).</summary>
    public ConsolidationOptions Consolidation { get; init; } = ConsolidationOptions.Default;
    /// <summary>GTPOSE_ALLOWED_BUCKETS of the post-annotation function: null reads any bucket.</summary>
    public IReadOnlySet<string>? AllowedBuckets { get; init; }
    /// <summary>Objects per consolidation request after the first request of 10 (Ground Truth's
    /// MaxConcurrentTaskCount).</summary>
    public int BatchSize { get; init; } = ConsolidationBatches.DefaultSize;
    public required string TemplateFile { get; init; }
    /// <summary>The clock; read once when the job starts, for its creation dates and response times.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public PreAnnotationSettings PreAnnotationSettings => new(Rig, ChainedLabelAttribute, OnlyNeedsReview);
}

/// <summary>What a local job did; printed as the summary and written to summary.json.</summary>
internal sealed record JobSummary(
    string JobName,
    int Objects,
    int HumanTasks,
    int Skipped,
    int Labeled,
    int Failed,
    int NeedsReview,
    int Answers,
    int Workers,
    double? MeanAgreement,
    double? MeanOksVsTruth,
    IReadOnlyDictionary<string, int> ReviewReasons,
    string OutputManifest,
    string TasksFolder,
    string Failures)
{
    /// <summary>The label attribute the job wrote.</summary>
    public string? LabelAttribute { get; init; }
    /// <summary>The job's output in the store, as Ground Truth lays it out: <c>s3://bucket/job-name/</c>.</summary>
    public string? JobOutput { get; init; }
    /// <summary>Consolidation requests sent, and the objects in each.</summary>
    public IReadOnlyList<int>? ConsolidationBatches { get; init; }
}
