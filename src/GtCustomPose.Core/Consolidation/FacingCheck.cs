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
    /// <param name="voteLogOdds">
    /// The mirror vote's own log-odds that the sides are wrong, from each member's mirror rate
    /// (<see cref="VoteLogOdds"/>); null to take every member at <see cref="FacingAssumptions.MirrorRate"/>.
    /// </param>
    /// <param name="minSine">
    /// How far from a profile the sides must read (<see cref="FacingSine"/>) to tell anything; default
    /// <see cref="FacingMinSine"/>.
    /// </param>
    public static double SidesWrongChance(double[] x, double[] y, ReadOnlySpan<int> votes, int members, int mirrored,
        Rig.Facing f, FacingAssumptions a, DeclaredFacing declared, double? voteLogOdds = null,
        double minSine = FacingMinSine)
    {
        // A minority cannot outvote; the nose leads "up" only when most members placed it.
        if (members < 2 || mirrored * 2 > members) return 0;
        var sine = FacingSine(x, y, f, noseForUp: votes[f.Nose] * 2 > members);
        if (!(Math.Abs(sine) > minSine)) return double.NaN;
        var front = sine > 0;
        // Workers who misread a task instruction mirror together, not independently: beyond a margin the vote counts
        // no more, so a whole crowd that labelled from its own side can still be caught by the face.
        var crowdCost = Math.Log(a.MirrorRate / (1 - a.MirrorRate));
        var margin = Math.Min(MirrorVoteMaxMargin, members - 2 * mirrored);
        var logOdds = voteLogOdds is { } own ? Math.Max(own, MirrorVoteMaxMargin * crowdCost) : margin * crowdCost;
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
    /// The mirror vote's log-odds that a cluster's sides are wrong, weighing each member by its worker's mirror rate:
    /// wrong means every turned member was drawn right and every other one mirrored, so it is the sum of the turned
    /// members' costs less the others' (a cost is the log-odds against the worker mirroring,
    /// <see cref="SideRepair.FlipCosts"/>). With one rate for all it is the margin times that rate's log-odds.
    /// </summary>
    /// <param name="costs">Per usable answer, its cost.</param>
    /// <param name="workers">Per member, its usable answer.</param>
    /// <param name="turned">Members turned from how they were drawn (bit per member).</param>
    /// <param name="crowdCost">
    /// The cost at the crowd's mirror rate: the members' costs are scaled to average it, so the rates only say which
    /// member is the likelier to have mirrored, and the vote as a whole counts as much as with one rate for all.
    /// </param>
    public static double VoteLogOdds(ReadOnlySpan<double> costs, ReadOnlySpan<int> workers, uint turned,
        double crowdCost)
    {
        double logOdds = 0, total = 0;
        for (var j = 0; j < workers.Length; j++)
        {
            logOdds += ((turned >> j) & 1) == 1 ? costs[workers[j]] : -costs[workers[j]];
            total += costs[workers[j]];
        }
        return total > 0 ? logOdds * crowdCost * workers.Length / total : 0;
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
