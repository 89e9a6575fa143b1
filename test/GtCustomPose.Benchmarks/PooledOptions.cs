using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// The options a job-level pass consolidates with, as re-consolidation pools them
/// (<see cref="JobStatistics.Pool"/>). <c>GTPOSE_BENCH_UNWEIGHTED=1</c> leaves the workers' rates out, to measure
/// what weighing the side vote and keeping people by them buys.
/// </summary>
internal static class PooledOptions
{
    public static bool Unweighted { get; } = Environment.GetEnvironmentVariable("GTPOSE_BENCH_UNWEIGHTED") == "1";

    public static ConsolidationOptions Of(ConsolidationOptions given, BatchEstimates estimates)
    {
        var pooled = JobStatistics.Pool(given, estimates);
        return Unweighted ? pooled with { WorkerRates = null } : pooled;
    }

    /// <summary>Job-level re-consolidation in one process: statistics over every object's answers, then each
    /// object with them.</summary>
    public static List<ConsolidatedLabel?> Consolidate(
        IReadOnlyList<IReadOnlyList<WorkerAnswer>> answers, Rig rig, ConsolidationOptions? given = null)
    {
        var options = Of(given ?? new ConsolidationOptions(), Consolidator.EstimateBatch(answers, rig));
        return answers.Select(a => Consolidator.Consolidate(a, rig, options: options)).ToList();
    }
}
