using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core.Batch;

/// <summary>Settings of <see cref="BatchConsolidator"/>.</summary>
public sealed record BatchOptions
{
    /// <summary>Consolidation thresholds.</summary>
    public ConsolidationOptions Consolidation { get; init; } = ConsolidationOptions.Default;

    /// <summary>When set, only these buckets are read; any other URI is refused. Default: any bucket.</summary>
    public IReadOnlySet<string>? AllowedBuckets { get; init; }

    /// <summary>Answers fetched from S3 at once. Default 16.</summary>
    public int MaxConcurrentFetches { get; init; } = 16;

    /// <summary>
    /// Estimate each worker's click noise and the crowd's facing rates across the whole batch before consolidating (a
    /// worker labels many objects of a batch; one object's answers say little about who is careful). The parsed answers
    /// are held until the payload is read, then consolidated in a second pass. Default true.
    /// </summary>
    public bool PoolWorkerNoise { get; init; } = true;

    /// <summary>
    /// Batches with more answers than this are consolidated object by object as they stream from there on, each
    /// worker's noise estimated from the object alone: a bound on the memory a hostile payload can take. Default 45,000
    /// (5,000 objects × 9 workers, the largest batch Ground Truth sends on request), so every real batch is pooled.
    /// </summary>
    public int PoolWorkerNoiseMaxAnswers { get; init; } = 45_000;

    /// <summary>Objects whose answers are fetched at once. Default 32.</summary>
    public int Window { get; init; } = 32;

    /// <summary>A payload with more objects fails the batch. Default 10,000 (Ground Truth sends up to 1,000, 5,000 on
    /// request).</summary>
    public int MaxObjects { get; init; } = 10_000;

    /// <summary>Clock for the timings in the log.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Receives one line per event worth logging: counts, timings and object ids, never answers or worker
    /// ids.</summary>
    public Action<string>? Log { get; init; }
}
