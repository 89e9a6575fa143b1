using System.Collections.Frozen;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Functions;
using GtCustomPose.LambdaRuntime;
using GtCustomPose.Storage;

namespace GtCustomPose.PostAnnotation;

/// <summary>The post-annotation function's settings, read from its environment (README, Configuration).</summary>
public static class PostAnnotationEnvironment
{
    /// <summary>Rig JSON file; else <c>rig.json</c> beside the assembly; else the COCO 17-keypoint person.</summary>
    public const string RigFile = RigSetting.Name;

    /// <summary>Comma-separated buckets that may be read; any when unset.</summary>
    public const string AllowedBuckets = "GTPOSE_ALLOWED_BUCKETS";

    /// <summary><c>true</c>: read S3 as the event's <c>roleArn</c>.</summary>
    public const string AssumeRole = "GTPOSE_ASSUME_ROLE";

    /// <summary><c>true</c>: the SDK checks every object read against its stored MD5 and CRC32.</summary>
    public const string VerifyChecksums = "GTPOSE_VERIFY_CHECKSUMS";

    /// <summary>A skeleton whose expected OKS is below this needs review (0 to 1).</summary>
    public const string ReviewMinConfidence = ReviewSettings.ReviewMinConfidence;

    /// <summary>An object whose skeletons' mean expected OKS is below this needs review (0 to 1).</summary>
    public const string ReviewMinMeanConfidence = ReviewSettings.ReviewMinMeanConfidence;

    /// <summary>A skeleton whose workers' mean OKS to the consensus is below this needs review (0 to 1).</summary>
    public const string ReviewMinAgreement = ReviewSettings.ReviewMinAgreement;

    /// <summary>When set (0 to 1), the verdict is p_wrong above this; unset, every review reason.</summary>
    public const string ReviewMaxPWrong = ReviewSettings.ReviewMaxPWrong;

    /// <summary><c>true</c>: an audit job, one worker the norm: <c>single_worker</c> is no review reason.</summary>
    public const string AuditMode = ReviewSettings.AuditMode;

    /// <summary>Managed runtime (no deadline header): seconds an invocation may take.</summary>
    public const string TimeBudgetSeconds = "GTPOSE_TIME_BUDGET_SECONDS";

    /// <summary>Seconds one S3 request may keep failing transiently (throttling, 5xx, network) before the batch fails
    /// naming the object; the invocation's deadline ends the retries sooner.</summary>
    public const string S3RetrySeconds = S3RetryPolicy.BudgetVariable;

    /// <summary><c>false</c>: the provided.al2023 bootstrap leaves the heap as the GC maps it, without huge pages
    /// (docs/performance.md, round four). Default <c>true</c>.</summary>
    public const string HeapHugePages = "GTPOSE_HEAP_HUGE_PAGES";

    /// <summary>The settings <paramref name="environment"/> gives; unset ones take the code's defaults.</summary>
    /// <param name="environment">Where settings are read.</param>
    /// <param name="baseDirectory">
    /// Where a bundled <c>rig.json</c> is looked for; the assembly's folder by default.
    /// </param>
    /// <exception cref="SettingException">A setting is invalid: the function does not start.</exception>
    /// <exception cref="RigException">The rig file is invalid.</exception>
    public static PostAnnotationSettings Read(FunctionEnvironment environment, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new PostAnnotationSettings(RigSetting.Load(environment, baseDirectory))
        {
            Batch = new BatchOptions
            {
                AllowedBuckets = environment.List(AllowedBuckets)?.ToFrozenSet(StringComparer.Ordinal),
                Consolidation = ReviewSettings.Read(environment),
            },
            AssumeRole = environment.Flag(AssumeRole),
            VerifyChecksums = environment.Flag(VerifyChecksums),
            TimeBudget = environment.Seconds(TimeBudgetSeconds),
            S3RetryBudget = environment.Seconds(S3RetrySeconds) ?? S3RetryPolicy.DefaultBudget,
            HeapHugePages = environment.Flag(HeapHugePages, unset: true),
        };
    }
}
