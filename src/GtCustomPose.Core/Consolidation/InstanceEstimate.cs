namespace GtCustomPose.Core.Consolidation;

/// <summary>What the estimate returns for one cluster.</summary>
/// <param name="Cluster">Index of the cluster among the matched clusters.</param>
/// <param name="Instance">The skeleton (majority name, no review reasons yet).</param>
/// <param name="Agreement">Mean of the members' OKS to the estimate, unrounded.</param>
/// <param name="ExpectedOks">Mean expected OKS of the estimate to the truth over its keypoints, unrounded.</param>
/// <param name="Members">Per member, in cluster order.</param>
/// <param name="FewVotes">A keypoint was placed by fewer than half of the members and left out.</param>
/// <param name="SidesWrongChance">
/// The facing check's chance that left and right are exchanged (<see cref="FacingCheck.SidesWrongChance"/>); NaN when
/// it cannot tell or does not run.
/// </param>
internal sealed record InstanceEstimate(
    int Cluster,
    ConsolidatedInstance Instance,
    double Agreement,
    double ExpectedOks,
    IReadOnlyList<MemberFit> Members,
    bool FewVotes,
    double SidesWrongChance);
