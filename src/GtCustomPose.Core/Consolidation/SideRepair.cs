using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Consolidation.ConsolidationConstants;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// Stage 2: a skeleton whose mirror image fits the other workers clearly better is mirrored; single left/right pairs
/// are swapped likewise. An even vote goes to the face (whole skeletons) or to the side the rest of the body reads
/// (single pairs).
/// </summary>
internal static class SideRepair
{
    /// <param name="matched">Matching's clusters.</param>
    /// <param name="rig">The rig.</param>
    /// <param name="options">Margins and the facing assumptions.</param>
    /// <param name="workerIds">
    /// The usable answers' worker ids, to weigh the mirror vote by <see cref="ConsolidationOptions.WorkerRates"/>;
    /// null for one vote each.
    /// </param>
    public static RepairedSides Repair(MatchedSkeletons matched, Rig rig, ConsolidationOptions options,
        IReadOnlyList<string>? workerIds = null)
    {
        var clusters = matched.Clusters;
        var disputed = new bool[clusters.Count];
        var costs = FlipCosts(options.WorkerRates, workerIds);
        var decisions = new List<SideDecision>();
        for (var i = 0; i < clusters.Count; i++)
            if (clusters[i].Members.Count > 1)
                disputed[i] = !FixSwaps(clusters[i], rig, options, costs, decisions);
        return new RepairedSides(clusters, disputed, matched.Workers, decisions);
    }

    /// <summary>
    /// Per usable answer, the log-odds against its worker drawing a skeleton mirrored: the evidence it takes to say it
    /// did. A worker the job has not measured gets the crowd's rate. Null without rates.
    /// </summary>
    internal static double[]? FlipCosts(IReadOnlyDictionary<string, WorkerRates>? rates,
        IReadOnlyList<string>? workerIds)
    {
        if (rates is not { Count: > 0 } || workerIds is null) return null;
        var crowd = CrowdRates.Of(rates).Mirror;
        var costs = new double[workerIds.Count];
        for (var w = 0; w < costs.Length; w++)
        {
            var r = Math.Clamp(rates.TryGetValue(workerIds[w], out var own) ? own.Mirror : crowd, MinMirrorRate, 0.5);
            costs[w] = Math.Log((1 - r) / r);
        }
        return costs;
    }

    /// <summary>
    /// Decides each member's orientation from pairwise comparisons: two skeletons are "same side" or "mirrored" when
    /// one reading fits clearly better, otherwise undecided. The orientation that agrees with the most decided pairs
    /// wins; among equals the one that flips fewest members. Returns false when that minimum is not a clear minority.
    /// </summary>
    private static bool FixSwaps(SkeletonCluster c, Rig rig, ConsolidationOptions options, double[]? workerCosts,
        List<SideDecision> decisions)
    {
        var members = c.Members;
        var n = members.Count;
        var area = Geometry.Area(c.X, c.Y);
        var initiallyMirrored = 0u;
        for (var j = 0; j < n; j++) if (members[j].Mirrored) initiallyMirrored |= 1u << j;
        // same[p] / mirrored[p]: bit q is set when members p and q read the same way / as mirror images.
        Span<uint> same = stackalloc uint[n], mirrored = stackalloc uint[n];
        for (var p = 0; p < n; p++)
            for (var q = p + 1; q < n; q++)
            {
                SideVote.Relate(same, mirrored, p, q, Relation(members[p], members[q], rig, area, options.SwapMargin));
            }
        Span<double> costs = workerCosts is null ? default : stackalloc double[n];
        if (workerCosts is not null) for (var j = 0; j < n; j++) costs[j] = workerCosts[members[j].Worker];
        var clear = SideVote.Orient(same, mirrored, initiallyMirrored, out var flips, out _, costs, out var contested);
        // Only a contested vote depends on the rates and the face: its inputs are kept to replay it.
        SideDecision? decision = null;
        if (contested)
        {
            decision = new SideDecision(same.ToArray(), mirrored.ToArray(), initiallyMirrored,
                members.Select(m => m.Worker).ToArray(), flips, clear);
            decisions.Add(decision);
        }
        for (var j = 0; j < n; j++) if (((flips >> j) & 1) == 1) members[j].Mirror(rig.FlipSpan);

        // Pairs are read against the centre as it was: the columns are taken again once all are read.
        Span<bool> swapped = stackalloc bool[rig.Count];
        for (var a = 0; a < rig.Count; a++)
        {
            var b = rig.FlipSpan[a];
            if (b > a) swapped[a] = FixPair(c, rig, a, b, area, same, mirrored);
        }
        // Most clusters need no repair: their columns and centre still hold. A swapped pair changes its two columns.
        if (flips != 0) c.Changed();
        else
            for (var a = 0; a < rig.Count; a++)
                if (swapped[a]) c.Changed(a, rig.FlipSpan[a]);
        if (decision is not null && options.CheckFacing && rig.FacingLandmarks is { } facing)
            clear = AskTheFace(c, rig, facing, options, clear, decision, workerCosts);
        return clear;
    }

    /// <summary>
    /// 1 when p and q read the same way (own OKS beats the mirrored one by more than <paramref name="margin"/>), -1
    /// when as mirror images, else 0; the exact OKS only where its bounds leave it open.
    /// </summary>
    private static int Relation(WorkerSkeleton p, WorkerSkeleton q, Rig rig, double area, double margin)
    {
        if (margin >= 0)
        {
            var bounds = OksBounds.Of(p.X, p.Y, q.X, q.Y, rig, area);
            if (bounds.OwnWinsBy(margin)) return 1;
            if (bounds.MirroredWinsBy(margin)) return -1;
        }
        var (own, mirror) = Geometry.OksBothWays(p.X, p.Y, q.X, q.Y, rig.SigmaSpan, area, rig.FlipSpan);
        return mirror > own + margin ? -1 : own > mirror + margin ? 1 : 0;
    }

    /// <summary>
    /// The mirror vote is only the prior of the facing check. An even vote (two workers against each other, say) is
    /// settled by the face: every member is mirrored when the face makes the other reading the likelier; when the
    /// landmarks do not tell, it stays in dispute. So is an odd vote that is not clear (noisy pairs left undecided,
    /// the orientation chosen by flip costs); it stays disputed even when the face settles it, since a face read
    /// from nearer a profile is wrong often enough that the audit should rank it. A majority the face contradicts
    /// is overturned: every member is mirrored when the face, the declared facing and the vote weighed by each
    /// member's mirror rate make the majority's reading the less likely, and the cluster stays disputed (a reviewer
    /// sees the vote was overturned). Whether the sides are now clear. <paramref name="workerCosts"/>: per usable
    /// answer, its flip cost (<see cref="FlipCosts"/>); null without rates.
    /// </summary>
    private static bool AskTheFace(SkeletonCluster c, Rig rig, Rig.Facing f, ConsolidationOptions options, bool clear,
        SideDecision decision, double[]? workerCosts)
    {
        var n = c.Members.Count;
        var mirrored = c.MirroredMembers;
        if (clear && mirrored * 2 >= n) return clear;
        var question = FaceQuestion.Of(c, f, evenVote: !clear);
        var answer = question.Answer(options.Facing, workerCosts);
        decision.Face = (question, answer);
        if (answer == FaceAnswer.Turned)
        {
            foreach (var m in c.Members) m.Mirror(rig.FlipSpan);
            c.Changed();
        }
        // An odd vote that did not come out clear (pairs too noisy to read) stays disputed, settled or not: when it
        // was clear, the labels the face settled wrong went unranked and the audit on the default crowd left more
        // below OKS 0.8 (docs/label-quality.md).
        if (!clear && mirrored * 2 != n) return false;
        return clear ? answer != FaceAnswer.Turned : answer != FaceAnswer.Unsettled;
    }

    /// <summary>
    /// A single pair's reading is local evidence: corrected by a clear majority, left alone when two workers disagree
    /// with no third to decide (then the rest of the body decides when it reads clearly). Whether a member changed.
    /// </summary>
    private static bool FixPair(SkeletonCluster c, Rig rig, int a, int b, double area, Span<uint> same,
        Span<uint> mirrored)
    {
        var members = c.Members;
        var n = members.Count;
        ReadOnlySpan<double> sigma = rig.SigmaSpan;
        same.Clear();
        mirrored.Clear();
        for (var p = 0; p < n; p++)
        {
            var m = members[p];
            if (double.IsNaN(m.X[a]) || double.IsNaN(m.X[b])) continue;
            for (var q = p + 1; q < n; q++)
            {
                var o = members[q];
                if (double.IsNaN(o.X[a]) || double.IsNaN(o.X[b])) continue;
                var kept = Geometry.NormalizedSquared(m.X[a] - o.X[a], m.Y[a] - o.Y[a], sigma[a], area)
                    + Geometry.NormalizedSquared(m.X[b] - o.X[b], m.Y[b] - o.Y[b], sigma[b], area);
                var swapped = Geometry.NormalizedSquared(m.X[a] - o.X[b], m.Y[a] - o.Y[b], sigma[a], area)
                    + Geometry.NormalizedSquared(m.X[b] - o.X[a], m.Y[b] - o.Y[a], sigma[b], area);
                var relation = swapped * PairSwapRatio < kept && kept > PairSwapMinDistance ? -1
                    : kept * PairSwapRatio < swapped && swapped > PairSwapMinDistance ? 1 : 0;
                SideVote.Relate(same, mirrored, p, q, relation);
            }
        }
        var pairClear = SideVote.Orient(same, mirrored, 0, out var pairFlips, out var pairVoters, default, out _);
        // Two workers cross this pair with no third to decide: their mean would put both points midway, wrong
        // either way, so the side the rest of the body reads decides when it reads clearly.
        if (!pairClear && pairVoters <= 2) pairFlips = BodySideFlips(c, a, rig);
        for (var j = 0; j < n; j++)
            if (((pairFlips >> j) & 1) == 1) { members[j].Swap(a, b); members[j].PairSwaps++; }
        return pairFlips != 0;
    }

    /// <summary>
    /// Members whose reading of the pair holding keypoint <paramref name="a"/> points against the body's other pairs
    /// (left to right, at the cluster's centre); none when any member's reading, or the body's, is not clear.
    /// </summary>
    private static uint BodySideFlips(SkeletonCluster c, int a, Rig rig)
    {
        ReadOnlySpan<int> flip = rig.FlipSpan;
        ReadOnlySpan<bool> isLeft = rig.IsLeftSpan;
        var left = isLeft[a] ? a : flip[a];
        var right = flip[left];
        double acrossX = 0, acrossY = 0;
        for (var i = 0; i < isLeft.Length; i++)
        {
            if (!isLeft[i] || i == left || double.IsNaN(c.X[i]) || double.IsNaN(c.X[flip[i]])) continue;
            acrossX += c.X[i] - c.X[flip[i]];
            acrossY += c.Y[i] - c.Y[flip[i]];
        }
        var across = Math.Sqrt(acrossX * acrossX + acrossY * acrossY);
        if (across == 0) return 0;
        uint flips = 0;
        for (var j = 0; j < c.Members.Count; j++)
        {
            var m = c.Members[j];
            if (double.IsNaN(m.X[left]) || double.IsNaN(m.X[right])) continue;
            double dx = m.X[left] - m.X[right], dy = m.Y[left] - m.Y[right];
            var length = Math.Sqrt(dx * dx + dy * dy);
            if (length == 0) return 0;
            var cosine = (dx * acrossX + dy * acrossY) / (length * across);
            if (cosine < -BodySideCosine) flips |= 1u << j;
            else if (cosine <= BodySideCosine) return 0;
        }
        return flips;
    }
}
