namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// What side repair returns: the clusters with their members turned to one reading of left and right.
/// </summary>
/// <param name="Clusters">Matching's clusters; members mirrored or pair-swapped in place.</param>
/// <param name="Disputed">
/// Per cluster: no clear majority settled which side is left (an even split the face could not settle, or readings that
/// contradict each other).
/// </param>
/// <param name="Workers">The object's usable answers.</param>
/// <param name="Decisions">
/// The contested mirror votes, with what they were decided from: the only parts of the repair that depend on the
/// workers' mirror rates and the facing assumptions (<see cref="SideDecision"/>).
/// </param>
internal sealed record RepairedSides(IReadOnlyList<SkeletonCluster> Clusters, IReadOnlyList<bool> Disputed,
    int Workers, IReadOnlyList<SideDecision> Decisions)
{
    /// <summary>Per usable answer: a skeleton of it was mirrored, or a pair swapped, before estimating.</summary>
    public bool[] SwappedWorkers()
    {
        var swapped = new bool[Workers];
        foreach (var c in Clusters)
            foreach (var m in c.Members) swapped[m.Worker] |= m.Swapped;
        return swapped;
    }
}
