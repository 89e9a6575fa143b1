using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Consolidation.ConsolidationConstants;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// A cluster's sides put to the face, with everything the answer depends on but the facing assumptions: side repair
/// asks it once; a later pass with refined assumptions asks it again to tell whether the repair would come out the
/// same (<see cref="SideDecision"/>).
/// </summary>
/// <param name="X">The cluster's centre when asked (pixels, NaN where not placed).</param>
/// <param name="Y">As <paramref name="X"/>.</param>
/// <param name="Placed">Per keypoint, members that placed it.</param>
/// <param name="Members">Members of the cluster.</param>
/// <param name="MirroredMembers">Members turned from how they were drawn.</param>
/// <param name="Landmarks">The rig's facing landmarks.</param>
/// <param name="Declared">What the members declared.</param>
/// <param name="EvenVote">
/// A mirror vote to settle (even, or not clear); otherwise a clear majority the face may overturn.
/// </param>
/// <param name="Workers">Per member, its usable answer.</param>
/// <param name="Turned">Members turned from how they were drawn (bit per member).</param>
internal sealed record FaceQuestion(double[] X, double[] Y, int[] Placed, int Members, int MirroredMembers,
    Rig.Facing Landmarks, DeclaredFacing Declared, bool EvenVote, int[] Workers, uint Turned)
{
    /// <summary>The question for cluster <paramref name="c"/> as it stands.</summary>
    public static FaceQuestion Of(SkeletonCluster c, Rig.Facing landmarks, bool evenVote)
    {
        var turned = 0u;
        for (var j = 0; j < c.Members.Count; j++) if (c.Members[j].Mirrored) turned |= 1u << j;
        return new((double[])c.X.Clone(), (double[])c.Y.Clone(), c.Placed.ToArray(), c.Members.Count,
            c.MirroredMembers, landmarks, DeclaredFacing.Of(c.Members), evenVote,
            c.Members.Select(m => m.Worker).ToArray(), turned);
    }

    /// <summary>
    /// The answer under <paramref name="assumptions"/>: an even vote is turned when the face makes the other reading
    /// the likelier, a majority overturned when the face makes its reading the less likely. With
    /// <paramref name="costs"/> a majority weighs each member by its worker's mirror rate, so a careless minority
    /// counts for less and a careless majority for less still (a vote to settle leaves it to the face).
    /// </summary>
    /// <param name="assumptions">The crowd's facing assumptions.</param>
    /// <param name="costs">Per usable answer, the log-odds against its worker mirroring
    /// (<see cref="SideRepair.FlipCosts"/>); null to take every member at the assumptions' mirror rate.</param>
    public FaceAnswer Answer(FacingAssumptions assumptions, double[]? costs = null)
    {
        double? vote = costs is null || EvenVote ? null : FacingCheck.VoteLogOdds(costs, Workers, Turned,
            Math.Log((1 - assumptions.MirrorRate) / assumptions.MirrorRate));
        // A vote to settle is otherwise left to the flip costs: a reading nearer a profile still tells more.
        var chance = FacingCheck.SidesWrongChance(X, Y, Placed, Members, MirroredMembers, Landmarks, assumptions,
            Declared, vote, EvenVote ? SettleMinSine : FacingMinSine);
        if (EvenVote && double.IsNaN(chance)) return FaceAnswer.Unsettled;
        return chance > SettleByFaceChance ? FaceAnswer.Turned : FaceAnswer.Kept;
    }
}
