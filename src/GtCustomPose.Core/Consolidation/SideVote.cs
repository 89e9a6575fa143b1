using System.Numerics;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// The vote behind side repair: members related pairwise as reading the same way or as mirror images (a bit per
/// member), and the orientation that agrees with the most decided pairs.
/// </summary>
internal static class SideVote
{
    /// <summary>Records how members p and q read: +1 the same side, -1 mirror images, 0 undecided.</summary>
    public static void Relate(Span<uint> same, Span<uint> mirrored, int p, int q, int relation)
    {
        if (relation > 0) { same[p] |= 1u << q; same[q] |= 1u << p; }
        else if (relation < 0) { mirrored[p] |= 1u << q; mirrored[q] |= 1u << p; }
    }

    /// <summary>Whether the best orientation is clear: unique, and flipping a strict minority of the voters.</summary>
    /// <param name="same">Per member, the members it reads the same way as (bit per member).</param>
    /// <param name="mirrored">Per member, the members it reads as mirror images of.</param>
    /// <param name="initial">
    /// Members already flipped (during matching); "fewest flips" counts members that end up flipped from how they were
    /// drawn.
    /// </param>
    /// <param name="flips">Members to flip now (bit per member).</param>
    /// <param name="voters">Members with at least one decided comparison.</param>
    /// <param name="flipCost">
    /// Per member, how much evidence it takes to say it drew the skeleton mirrored (the log-odds against its worker's
    /// mirror rate over the job); empty for one cost each, so "fewest flips" counts members.
    /// </param>
    /// <param name="contested">
    /// Whether a member read mirrored against another or was flipped in matching: only then can
    /// <paramref name="flipCost"/> change the orientation.
    /// </param>
    public static bool Orient(ReadOnlySpan<uint> same, ReadOnlySpan<uint> mirrored, uint initial, out uint flips,
        out int voters, ReadOnlySpan<double> flipCost, out bool contested)
    {
        contested = false;
        var n = same.Length;
        flips = 0;
        voters = 0;
        for (var a = 0; a < n; a++) if ((same[a] | mirrored[a]) != 0) voters++;
        // Nobody reads mirrored against anybody and nobody was flipped: nothing to do (the common case, kept cheap).
        if (initial == 0 && !mirrored.ContainsAnyExcept(0u)) return true;
        contested = true;

        uint bestMask;
        int bestFlips, ties = 1;
        if (n <= 16) (bestMask, bestFlips, ties) = Exhaustive(same, mirrored, initial, flipCost);
        else
        {
            bestMask = Greedy(same, mirrored);
            bestFlips = BitOperations.PopCount(bestMask ^ initial);
        }
        flips = bestMask;
        // A strict majority decides. A narrow one is right most of the time; when the face says otherwise, the facing
        // check flags it (FacingCheck.SidesWrongChance), so a split vote alone does not send an object to review.
        return ties == 1 && bestFlips * 2 < voters;
    }

    /// <summary>
    /// Gray-code walk over every orientation: each step flips one member, so the score changes by that member's pairs
    /// only. The best mask, its flips from how members were drawn, and how many orientations tie with it (in
    /// agreement, then in the cost of the members flipped).
    /// </summary>
    private static (uint Mask, int Flips, int Ties) Exhaustive(ReadOnlySpan<uint> same,
        ReadOnlySpan<uint> mirrored, uint initial, ReadOnlySpan<double> flipCost)
    {
        var n = same.Length;
        Span<int> decided = stackalloc int[n];
        for (var a = 0; a < n; a++) decided[a] = BitOperations.PopCount(same[a] | mirrored[a]);
        uint mask = 0, bestMask = 0;
        var score = Score(same, mirrored, 0);
        var best = score;
        var bestFlips = BitOperations.PopCount(initial);
        var bestCost = Cost(initial, flipCost);
        var ties = 1;
        for (uint i = 1; i < 1u << n; i++)
        {
            var a = BitOperations.TrailingZeroCount(i);
            var side = ((mask >> a) & 1) == 1 ? mask : ~mask;
            var satisfied = BitOperations.PopCount(same[a] & side) + BitOperations.PopCount(mirrored[a] & ~side);
            score += decided[a] - 2 * satisfied;
            mask ^= 1u << a;
            if (score < best) continue;
            var flipped = BitOperations.PopCount(mask ^ initial);
            var cost = Cost(mask ^ initial, flipCost);
            if (score > best || cost < bestCost - CostTolerance)
            {
                (best, bestFlips, bestCost, bestMask, ties) = (score, flipped, cost, mask, 1);
            }
            else if (Math.Abs(cost - bestCost) <= CostTolerance) ties++;
        }
        return (bestMask, bestFlips, ties);
    }

    // Costs that differ by less are equal: the walk's order must not decide between them.
    private const double CostTolerance = 1e-9;

    /// <summary>What flipping the members of <paramref name="flipped"/> costs: one each without costs.</summary>
    private static double Cost(uint flipped, ReadOnlySpan<double> flipCost)
    {
        if (flipCost.IsEmpty) return BitOperations.PopCount(flipped);
        double cost = 0;
        for (; flipped != 0; flipped &= flipped - 1) cost += flipCost[BitOperations.TrailingZeroCount(flipped)];
        return cost;
    }

    /// <summary>More answers than Ground Truth sends: a greedy walk keeps the time linear in practice.</summary>
    private static uint Greedy(ReadOnlySpan<uint> same, ReadOnlySpan<uint> mirrored)
    {
        uint bestMask = 0;
        var best = Score(same, mirrored, 0);
        for (var improved = true; improved;)
        {
            improved = false;
            for (var a = 0; a < same.Length; a++)
            {
                var candidate = bestMask ^ (1u << a);
                var score = Score(same, mirrored, candidate);
                if (score <= best) continue;
                (best, bestMask, improved) = (score, candidate, true);
            }
        }
        return bestMask;
    }

    /// <summary>Decided pairs that an orientation (bit set: flipped) agrees with.</summary>
    private static int Score(ReadOnlySpan<uint> same, ReadOnlySpan<uint> mirrored, uint mask)
    {
        var score = 0;
        for (var a = 0; a < same.Length; a++)
        {
            var side = ((mask >> a) & 1) == 1 ? mask : ~mask;
            score += BitOperations.PopCount(same[a] & side) + BitOperations.PopCount(mirrored[a] & ~side);
        }
        return score / 2;
    }
}
