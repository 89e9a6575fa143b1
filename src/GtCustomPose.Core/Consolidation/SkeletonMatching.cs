using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// Stage 1: skeletons matched across workers by Hungarian assignment on mirror-invariant OKS to each cluster's median.
/// </summary>
internal static class SkeletonMatching
{
    /// <param name="usable">The object's usable answers, in the façade's canonical order.</param>
    /// <param name="rig">The rig the answers use.</param>
    /// <param name="options">Match threshold and swap margin.</param>
    public static MatchedSkeletons Match(IReadOnlyList<WorkerAnswer> usable, Rig rig, ConsolidationOptions options)
    {
        var byWorker = new List<List<WorkerSkeleton>>(usable.Count);
        for (var w = 0; w < usable.Count; w++)
        {
            var drawn = new List<WorkerSkeleton>(usable[w].Instances.Count);
            foreach (var instance in usable[w].Instances)
                if (new WorkerSkeleton(w, instance, rig) is { IsEmpty: false } o) drawn.Add(o);
            byWorker.Add(drawn);
        }
        return new MatchedSkeletons(Match(byWorker, rig, options), usable.Count);
    }

    private static List<SkeletonCluster> Match(List<List<WorkerSkeleton>> byWorker, Rig rig,
        ConsolidationOptions options)
    {
        var clusters = new List<SkeletonCluster>();
        // Seeding from the worker with the most skeletons gives every later worker the most clusters to match.
        var seed = 0;
        for (var w = 1; w < byWorker.Count; w++) if (byWorker[w].Count > byWorker[seed].Count) seed = w;
        // The seed first, then the others in order.
        for (var step = 0; step < byWorker.Count; step++)
        {
            var w = step == 0 ? seed : step <= seed ? step - 1 : step;
            var drawn = byWorker[w];
            if (drawn.Count == 0) continue;
            var assignment = new int[drawn.Count];
            Array.Fill(assignment, -1);
            bool[,]? mirrorFits = null;
            if (clusters.Count > 0) assignment = Assign(drawn, clusters, rig, options, out mirrorFits);
            for (var i = 0; i < drawn.Count; i++)
            {
                if (assignment[i] >= 0)
                {
                    // Join in the cluster's orientation: a median of mirror images collapses onto the centre line
                    // and no longer matches anybody. Orientation is decided for good by side repair.
                    // (A worker's skeletons go to different clusters, so each cluster is still as it was scored.)
                    if (mirrorFits![i, assignment[i]]) drawn[i].Mirror(rig.FlipSpan);
                    clusters[assignment[i]].Add(drawn[i]);
                    continue;
                }
                var c = new SkeletonCluster(rig.Count, byWorker.Count);
                c.Add(drawn[i]);
                clusters.Add(c);
            }
        }
        return clusters;
    }

    /// <summary>
    /// Each skeleton's cluster (-1: none fits above the match threshold), and per pair whether the mirror image fits.
    /// </summary>
    private static int[] Assign(List<WorkerSkeleton> drawn, List<SkeletonCluster> clusters, Rig rig,
        ConsolidationOptions options, out bool[,] mirrorFits)
    {
        var cost = new double[drawn.Count, clusters.Count];
        mirrorFits = new bool[drawn.Count, clusters.Count];
        var clusterAreas = new double[clusters.Count];
        for (var j = 0; j < clusters.Count; j++) clusterAreas[j] = Geometry.Area(clusters[j].X, clusters[j].Y);
        for (var i = 0; i < drawn.Count; i++)
        {
            var drawnArea = Geometry.Area(drawn[i].X, drawn[i].Y);
            for (var j = 0; j < clusters.Count; j++)
            {
                var area = Math.Max(clusterAreas[j], drawnArea);
                var (own, mirrored) = Geometry.OksBothWays(drawn[i].X, drawn[i].Y, clusters[j].X, clusters[j].Y,
                    rig.SigmaSpan, area, rig.FlipSpan);
                cost[i, j] = 1 - Math.Max(own, mirrored);
                mirrorFits[i, j] = mirrored > own + options.SwapMargin;
            }
        }
        var assignment = Hungarian.Solve(cost);
        for (var i = 0; i < drawn.Count; i++)
            if (assignment[i] >= 0 && 1 - cost[i, assignment[i]] <= options.MatchThreshold) assignment[i] = -1;
        return assignment;
    }
}
