using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Consolidation.ConsolidationConstants;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// Whether a consensus has likely exchanged left and right: what its sides read (a person seen from the front or from
/// behind) against what the face shows and the mirror vote says.
/// </summary>
internal static class FacingCheck
{
    /// <summary>
    /// The chance that the consensus has left and right exchanged. Its shoulders (and hips, knees) read as a person
    /// seen from the front or from behind, "up" taken along the body so a lying or tilted person reads the same. Prior
    /// odds come from the mirror vote: a majority of k over m mirrored members is wrong with odds
    /// (ρ / (1 - ρ))^min(k - m, 3) for a worker's mirror rate ρ. The face weighs in: how many members placed the
    /// nose and each eye is likelier for a person facing the camera than for one facing away. A vote cannot catch a
    /// majority that labelled from its own side; this can, facing the camera or away. What the members declared weighs
    /// in last: each "front" or "back" is right with <see cref="FacingAssumptions.DeclaredFacingRight"/>, so a crowd
    /// that says the person
    /// faces away is not flagged for a face it guessed, and one whose declarations contradict the sides is. NaN when
    /// the landmarks do not tell (a profile, too few of them placed); 0 when a minority would have to outvote the
    /// majority.
    /// </summary>
    /// <param name="x">Consensus x in rig order, NaN where not placed (pixels).</param>
    /// <param name="y">As <paramref name="x"/>.</param>
    /// <param name="votes">Per keypoint, how many members placed it.</param>
    /// <param name="members">Members of the cluster.</param>
    /// <param name="mirrored">Members turned from how they were drawn.</param>
    /// <param name="f">The rig's facing landmarks.</param>
    /// <param name="a">What the crowd is assumed to do.</param>
    /// <param name="declared">What the members declared (side views say nothing of which side is left).</param>
    public static double SidesWrongChance(double[] x, double[] y, ReadOnlySpan<int> votes, int members, int mirrored,
        Rig.Facing f, FacingAssumptions a, DeclaredFacing declared)
    {
        // A minority cannot outvote; the nose leads "up" only when most members placed it.
        if (members < 2 || mirrored * 2 > members) return 0;
        var sine = FacingSine(x, y, f, noseForUp: votes[f.Nose] * 2 > members);
        if (!(Math.Abs(sine) > FacingMinSine)) return double.NaN;
        var front = sine > 0;
        // Workers who misread a task instruction mirror together, not independently: beyond a margin the vote counts
        // no more, so a whole crowd that labelled from its own side can still be caught by the face.
        var margin = Math.Min(MirrorVoteMaxMargin, members - 2 * mirrored);
        var logOdds = margin * Math.Log(a.MirrorRate / (1 - a.MirrorRate));
        foreach (var i in (ReadOnlySpan<int>)[f.Nose, f.LeftEye, f.RightEye])
        {
            double ifFront = a.PlacedIfFacing(votes[i], members), ifAway = a.PlacedIfAway(votes[i], members);
            logOdds += front ? Math.Log(ifAway / ifFront) : Math.Log(ifFront / ifAway);
        }
        // Each declaration against the reading is a likelihood ratio of r / (1 - r) for the sides being wrong.
        var against = front ? declared.Back - declared.Front : declared.Front - declared.Back;
        if (against != 0) logOdds += against * Math.Log(a.DeclaredFacingRight / (1 - a.DeclaredFacingRight));
        return 1 / (1 + Math.Exp(-logOdds));
    }

    /// <summary>
    /// The sine of the angle from the body's "up" to its left-to-right direction: positive read from the front,
    /// negative from behind, near 0 in profile; NaN without the landmarks to tell.
    /// </summary>
    /// <param name="x">Keypoint x in rig order, NaN where not placed (pixels, top-left origin).</param>
    /// <param name="y">As <paramref name="x"/>.</param>
    /// <param name="f">The rig's facing landmarks.</param>
    /// <param name="noseForUp">Whether the nose may stand in for "up" when neither hips nor knees are placed.</param>
    public static double FacingSine(double[] x, double[] y, Rig.Facing f, bool noseForUp)
    {
        // Occlusion hides single landmarks often: every complete left/right pair of the torso and knees adds to
        // "across", and "up" runs from whatever hips (else knees) to whatever shoulders the consensus has.
        double acrossX = 0, acrossY = 0;
        void Across(int left, int right)
        {
            if (left < 0 || right < 0 || double.IsNaN(x[left]) || double.IsNaN(x[right])) return;
            acrossX += x[left] - x[right];
            acrossY += y[left] - y[right];
        }
        Across(f.LeftShoulder, f.RightShoulder);
        Across(f.LeftHip, f.RightHip);
        Across(f.LeftKnee, f.RightKnee);
        if (!Mean(x, y, f.LeftShoulder, f.RightShoulder, out var topX, out var topY)) return double.NaN;
        double upX, upY;
        if (Mean(x, y, f.LeftHip, f.RightHip, out var lowX, out var lowY)
            || Mean(x, y, f.LeftKnee, f.RightKnee, out lowX, out lowY))
            (upX, upY) = (topX - lowX, topY - lowY);
        else if (noseForUp && !double.IsNaN(x[f.Nose]))
            (upX, upY) = (x[f.Nose] - topX, y[f.Nose] - topY);
        else
            return double.NaN;
        var lengths = Math.Sqrt((upX * upX + upY * upY) * (acrossX * acrossX + acrossY * acrossY));
        if (lengths == 0) return double.NaN;
        // In image coordinates (y down) "across" turns clockwise from "up" when the person faces the camera.
        return (upX * acrossY - upY * acrossX) / lengths;
    }

    /// <summary>A cluster's facing as the batch estimate sees it (<see cref="FacingEvidence"/>).</summary>
    public static FacingEvidence Evidence(SkeletonCluster c, Rig.Facing f)
    {
        var n = c.Members.Count;
        var placed = c.Placed;
        var sine = FacingSine(c.X, c.Y, f, noseForUp: placed[f.Nose] * 2 > n);
        var declared = DeclaredFacing.Of(c.Members);
        return new FacingEvidence(n, c.MirroredMembers, placed[f.Nose], placed[f.LeftEye], placed[f.RightEye], sine,
            declared.Front, declared.Back);
    }

    /// <summary>
    /// The mean of whichever of two keypoints are placed (an index may be -1); false when neither is.
    /// </summary>
    private static bool Mean(double[] x, double[] y, int a, int b, out double mx, out double my)
    {
        mx = my = 0;
        var n = 0;
        foreach (var i in (ReadOnlySpan<int>)[a, b])
        {
            if (i < 0 || double.IsNaN(x[i])) continue;
            mx += x[i]; my += y[i]; n++;
        }
        if (n == 0) return false;
        mx /= n; my /= n;
        return true;
    }
}
