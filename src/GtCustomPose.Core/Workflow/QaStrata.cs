namespace GtCustomPose.Core.Workflow;

/// <summary>
/// The QA sample's strata: bands of p_wrong among the objects the budget leaves unaudited. The sample is drawn within
/// each band in proportion to the band's size times its spread (Neyman allocation), so the few objects of middling
/// p_wrong, where the auditor's verdict is least predictable, get more of the sample than the many near 0; the
/// residual estimate then weighs each band by its share (<see cref="ResidualEstimator"/>).
/// </summary>
internal static class QaStrata
{
    /// <summary>Upper bounds of the bands but the last (p_wrong, 0 to 1).</summary>
    private static readonly double[] Bounds = [0.05, 0.2];

    /// <summary>Samples a band gets at least, when it has as many objects, so its spread can be measured.</summary>
    public const int MinPerBand = 2;

    /// <summary>How many bands there are.</summary>
    public static int Count => Bounds.Length + 1;

    /// <summary>The band of a p_wrong.</summary>
    public static int Band(double pWrong)
    {
        var band = 0;
        while (band < Bounds.Length && pWrong >= Bounds[band]) band++;
        return band;
    }

    /// <summary>
    /// How many of <paramref name="sample"/> QA objects each band gets, given the p_wrong of every object the
    /// sample is drawn from: proportional to the band's objects times the square root of their mean
    /// p_wrong(1 − p_wrong), at least <see cref="MinPerBand"/> where the band and the sample allow, never more than
    /// the band holds. The counts add up to <paramref name="sample"/> (or to every object, if fewer).
    /// </summary>
    public static int[] Allocate(IReadOnlyList<double> pWrong, int sample)
    {
        var size = new int[Count];
        var spread = new double[Count];
        foreach (var p in pWrong)
        {
            var b = Band(p);
            size[b]++;
            spread[b] += p * (1 - p);
        }
        var weight = new double[Count];
        for (var b = 0; b < Count; b++)
            // A floor keeps a band of labels all p_wrong 0 from getting no sample at all: p_wrong may be wrong there.
            weight[b] = size[b] == 0 ? 0 : size[b] * Math.Sqrt(Math.Max(spread[b] / size[b], 0.0025));
        var counts = new int[Count];
        var left = Math.Min(sample, pWrong.Count);
        for (var b = 0; b < Count && left > 0; b++)
        {
            var least = Math.Min(Math.Min(MinPerBand, size[b]), left);
            counts[b] = least;
            left -= least;
        }
        // The rest one at a time to the band furthest below its share: the counts stay whole and add up.
        var total = weight.Sum();
        var target = weight.Select(w => total == 0 ? 0 : w / total * Math.Min(sample, pWrong.Count)).ToArray();
        for (; left > 0; left--)
        {
            var best = -1;
            for (var b = 0; b < Count; b++)
                if (counts[b] < size[b] && (best < 0 || target[b] - counts[b] > target[best] - counts[best])) best = b;
            counts[best]++;
        }
        return counts;
    }
}
