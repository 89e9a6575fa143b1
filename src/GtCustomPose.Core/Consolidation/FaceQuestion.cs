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
/// <param name="EvenVote">An even mirror vote to settle; otherwise a majority the face may overturn.</param>
internal sealed record FaceQuestion(double[] X, double[] Y, int[] Placed, int Members, int MirroredMembers,
    Rig.Facing Landmarks, DeclaredFacing Declared, bool EvenVote)
{
    /// <summary>The question for cluster <paramref name="c"/> as it stands.</summary>
    public static FaceQuestion Of(SkeletonCluster c, Rig.Facing landmarks, bool evenVote) =>
        new((double[])c.X.Clone(), (double[])c.Y.Clone(), c.Placed.ToArray(), c.Members.Count, c.MirroredMembers,
            landmarks, DeclaredFacing.Of(c.Members), evenVote);

    /// <summary>
    /// The answer under <paramref name="assumptions"/>: an even vote is turned when the face makes the other reading
    /// the likelier, a majority overturned when the face makes its reading the less likely.
    /// </summary>
    public FaceAnswer Answer(FacingAssumptions assumptions)
    {
        var chance = FacingCheck.SidesWrongChance(X, Y, Placed, Members, MirroredMembers, Landmarks, assumptions,
            Declared);
        if (EvenVote && double.IsNaN(chance)) return FaceAnswer.Unsettled;
        return chance > SettleByFaceChance ? FaceAnswer.Turned : FaceAnswer.Kept;
    }
}
