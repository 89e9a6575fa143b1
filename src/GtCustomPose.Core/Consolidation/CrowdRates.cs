using System.Runtime.CompilerServices;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// The crowd's mean <see cref="WorkerRates"/>, for a worker a job has not measured: taken once per rates table, not
/// once per object (a job's table holds every worker of its workforce).
/// </summary>
internal static class CrowdRates
{
    private static readonly ConditionalWeakTable<IReadOnlyDictionary<string, WorkerRates>, StrongBox<WorkerRates>>
        Means = new();

    /// <summary>The mean of each rate over <paramref name="rates"/> (not empty).</summary>
    public static WorkerRates Of(IReadOnlyDictionary<string, WorkerRates> rates) =>
        Means.GetValue(rates, r => new StrongBox<WorkerRates>(new WorkerRates(
            r.Values.Average(w => w.Mirror), r.Values.Average(w => w.Miss), r.Values.Average(w => w.Extra),
            r.Values.Average(w => w.Outlier)))).Value;
}
