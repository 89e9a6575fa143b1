using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Consolidation.ConsolidationConstants;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// Whether a person fewer than half the workers drew belongs in the label. One vote each leaves it out; with the
/// workers' rates over the job (<see cref="ConsolidationOptions.WorkerRates"/>) it is kept when it is likelier a
/// person the others missed than a skeleton of no one: the likelihood ratio of its drawers drawing it and its missers
/// missing it, real against not, is above 1 (a two-class Dawid–Skene vote), and it lies on no person a majority drew.
/// </summary>
internal static class PersonSupport
{
    /// <param name="cluster">The person's cluster (fewer than half the workers), its index in
    /// <paramref name="clusters"/>.</param>
    /// <param name="clusters">Every cluster of the object: one a majority drew is in the label, and a skeleton on it
    /// is a duplicate, not a person.</param>
    /// <param name="usable">The object's usable answers, by <see cref="WorkerSkeleton.Worker"/>.</param>
    /// <param name="rates">The workers' rates; null leaves every such person out.</param>
    /// <param name="rig">The rig.</param>
    /// <param name="options">The matching threshold.</param>
    /// <returns>
    /// The log-odds that the person is real rather than a skeleton of no one, kept when above 0; negative infinity
    /// without rates or when it lies on a person a majority drew (a duplicate, not a person).
    /// </returns>
    public static double RealLogOdds(int cluster, IReadOnlyList<SkeletonCluster> clusters,
        IReadOnlyList<WorkerAnswer> usable, IReadOnlyDictionary<string, WorkerRates>? rates, Rig rig,
        ConsolidationOptions options)
    {
        if (rates is not { Count: > 0 }) return double.NegativeInfinity;
        var person = clusters[cluster];
        var drew = new bool[usable.Count];
        foreach (var m in person.Members) drew[m.Worker] = true;
        var crowd = CrowdRates.Of(rates);
        var logRatio = 0.0;
        for (var w = 0; w < usable.Count; w++)
        {
            var r = rates.TryGetValue(usable[w].WorkerId, out var own) ? own : crowd;
            var miss = Math.Clamp(r.Miss, RateFloor, 1 - RateFloor);
            var extra = Math.Clamp(r.Extra, ExtraRateFloor, 1 - RateFloor);
            logRatio += drew[w] ? Math.Log((1 - miss) / extra) : Math.Log(miss / (1 - extra));
        }
        if (logRatio <= 0) return logRatio;
        var area = Geometry.Area(person.X, person.Y);
        foreach (var other in clusters)
        {
            if (ReviewVerdict.Support(other.Members.Count, usable.Count) == ClusterSupport.TooFew) continue;
            var (same, mirrored) = Geometry.OksBothWays(person.X, person.Y, other.X, other.Y, rig.SigmaSpan, area,
                rig.FlipSpan);
            if (Math.Max(same, mirrored) > options.MatchThreshold) return double.NegativeInfinity;
        }
        return logRatio;
    }
}
