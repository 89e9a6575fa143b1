using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.PostAnnotation;

/// <summary>How the post-annotation function is configured; <see cref="PostAnnotationEnvironment"/> reads it.</summary>
/// <param name="Rig">The rig answers use.</param>
public sealed record PostAnnotationSettings(Rig Rig)
{
    /// <summary>Batch and consolidation settings (Core's defaults by default); the deadline is set per call.</summary>
    public BatchOptions Batch { get; init; } = new();

    /// <summary>Read S3 as the event's <c>roleArn</c> instead of the function's own role. Default false.</summary>
    public bool AssumeRole { get; init; }

    /// <summary>Have the SDK check every object read against its stored checksums. Default false.</summary>
    public bool VerifyChecksums { get; init; }

    /// <summary>Time per invocation when the runtime gives no deadline (the managed runtime). Default none.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>How long one S3 request may keep failing transiently before the batch fails; the invocation's
    /// deadline ends retries sooner. Default 120 s.</summary>
    public TimeSpan S3RetryBudget { get; init; } = Storage.S3RetryPolicy.DefaultBudget;

    /// <summary>The provided.al2023 bootstrap opens the heap the first batch fills for transparent huge pages, where
    /// the kernel offers them; the managed runtime does not run the bootstrap. Default true.</summary>
    public bool HeapHugePages { get; init; } = true;
}
