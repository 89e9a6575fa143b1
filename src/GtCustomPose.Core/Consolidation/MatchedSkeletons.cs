namespace GtCustomPose.Core.Consolidation;

/// <summary>What matching returns: the object's skeletons grouped into one cluster per person.</summary>
/// <param name="Clusters">
/// One per person any worker drew, in the order they were first seen; each holds at most one skeleton per worker.
/// </param>
/// <param name="Workers">The object's usable answers (each skeleton's <see cref="WorkerSkeleton.Worker"/> indexes
/// them).</param>
internal sealed record MatchedSkeletons(IReadOnlyList<SkeletonCluster> Clusters, int Workers);
