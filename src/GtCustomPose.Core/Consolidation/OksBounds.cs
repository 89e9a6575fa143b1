using System.Runtime.CompilerServices;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// Bounds of the two values <see cref="Geometry.OksBothWays"/> computes, taken without <c>exp</c> or a division per
/// keypoint: each keypoint's exp(-q) is bounded within 6 % by its power of two and a chord. Side repair and matching
/// mostly need only which reading wins, and by how much; the bounds settle that for most pairs, so the exact OKS (an
/// <c>exp</c> call per keypoint and reading) is computed only where they do not. The bounds hold for the values as
/// computed in floating point: their margins are many times the rounding of <c>exp</c> and of the sums.
/// </summary>
internal readonly record struct OksBounds(double OwnLow, double OwnHigh, double MirroredLow, double MirroredHigh)
{
    // 2^-f for f in [0, 1) lies below the chord 1 - f/2 and above the chord divided by 1.0615 (their largest ratio,
    // at f = 0.557); 0.942 < 1 / 1.0615 leaves a margin far above any rounding.
    private const double LowOfChord = 0.942;

    // The chord is tight where f is 0: this covers the rounding of exp (under an ulp), of the exponent (computed here
    // with other roundings than Geometry's) and of the sums, all below 1e-12 relative while exp(-q) is not 0.
    private const double HighMargin = 1 + 1e-9;

    // From here on 2^-t is below 1e-301 (and exp(-q) is 0 from q = 745.2, t = 1075).
    private const double Negligible = 1000;

    /// <summary>The bounds for skeleton a against skeleton b as <see cref="Geometry.OksBothWays"/> takes them, in
    /// <paramref name="rig"/>'s order, with the object scale <paramref name="area"/> (px²).</summary>
    public static OksBounds Of(double[] ax, double[] ay, double[] bx, double[] by, Rig rig, double area)
    {
        ReadOnlySpan<double> rates = rig.OksRateSpan;
        ReadOnlySpan<int> flip = rig.FlipSpan;
        var perArea = 1 / area;
        double own = 0, mirrored = 0;
        int nOwn = 0, nMirrored = 0;
        for (var i = 0; i < bx.Length; i++)
        {
            if (double.IsNaN(bx[i])) continue;
            var scale = rates[i] * perArea;
            var term = 0.0;
            if (!double.IsNaN(ax[i]))
            {
                term = PowerOfHalf(Squared(ax[i] - bx[i], ay[i] - by[i]) * scale);
                own += term;
                nOwn++;
            }
            var j = flip[i];
            if (double.IsNaN(ax[j])) continue;
            // An unpaired keypoint reads the same both ways.
            mirrored += j == i ? term : PowerOfHalf(Squared(ax[j] - bx[i], ay[j] - by[i]) * scale);
            nMirrored++;
        }
        return new OksBounds(Low(own, nOwn), High(own, nOwn), Low(mirrored, nMirrored), High(mirrored, nMirrored));
    }

    /// <summary>Whether the own reading is sure to beat the mirrored one by more than <paramref name="margin"/> (at
    /// least 0): of the exact values, <c>own &gt; mirrored + margin</c> is then true and
    /// <c>mirrored &gt; own + margin</c> false.</summary>
    public bool OwnWinsBy(double margin) => OwnLow > MirroredHigh + margin;

    /// <summary>As <see cref="OwnWinsBy"/>, the other way round.</summary>
    public bool MirroredWinsBy(double margin) => MirroredLow > OwnHigh + margin;

    private static double Squared(double dx, double dy) => dx * dx + dy * dy;

    /// <summary>An upper bound of 2^-t, t at least 0 (t = k + f): 2^-k times the chord over 2^-f; 0 where 2^-t is
    /// negligible (<see cref="High"/> makes up for those).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double PowerOfHalf(double t)
    {
        if (!(t < Negligible)) return 0;
        var k = (int)t;
        return BitConverter.Int64BitsToDouble((long)(1023 - k) << 52) * (1 - (t - k) / 2);
    }

    private static double Low(double chords, int n) => n == 0 ? 0 : chords * LowOfChord / n;

    // Each negligible keypoint adds under 2^-1000 < 1e-301 to the exact sum, which 1e-299 covers for any rig.
    private static double High(double chords, int n) => n == 0 ? 0 : (chords * HighMargin + 1e-299) / n;
}
