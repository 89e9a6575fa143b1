using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core.Jobs;

/// <summary>Settings of <see cref="JobReconsolidator"/>.</summary>
public sealed record ReconsolidationOptions
{
    /// <summary>The label attribute to write (the job's). Default <c>pose</c>.</summary>
    public string LabelAttribute { get; init; } = LabelAttributes.Default;

    /// <summary>Consolidation thresholds; their worker noise and facing assumptions, when given, win over the job's
    /// estimates.</summary>
    public ConsolidationOptions Consolidation { get; init; } = ConsolidationOptions.Default;

    /// <summary>Worker-response files fetched at once. Default 32.</summary>
    public int MaxConcurrentReads { get; init; } = 32;

    /// <summary>Objects read ahead and consolidated at once; memory is bounded by it, not by the job. Default
    /// 64.</summary>
    public int Window { get; init; } = 64;

    /// <summary>The clock whose time, read once per run, is written as <c>creation-date</c> of every label.
    /// Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Receives one line per event worth logging (counts and timings; never answers or worker ids).</summary>
    public Action<string>? Log { get; init; }
}
