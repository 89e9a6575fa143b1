namespace GtCustomPose.Core.Consolidation;

/// <summary>Plain geometry over keypoint arrays in rig order, NaN marking an unplaced keypoint.</summary>
internal static class Geometry
{
    /// <summary>
    /// Smallest area used as the OKS object scale, so tiny or one-point skeletons do not divide by ~0 (32 x 32 px).
    /// </summary>
    public const double MinArea = 32 * 32;

    public static double Area(double[] x, double[] y)
    {
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (var i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i])) continue;
            minX = Math.Min(minX, x[i]); maxX = Math.Max(maxX, x[i]);
            minY = Math.Min(minY, y[i]); maxY = Math.Max(maxY, y[i]);
        }
        return minX > maxX ? MinArea : Math.Max(MinArea, (maxX - minX) * (maxY - minY));
    }

    /// <summary>Which keypoints an OKS runs over, and what a keypoint only one skeleton placed scores.</summary>
    public enum OksPoints
    {
        /// <summary>COCO's rule: over the reference's (b's) labelled keypoints; one the other lacks scores 0.</summary>
        Reference,
        /// <summary>A symmetric label-to-label comparison: over the keypoints either placed; one placed by only one
        /// scores 0.</summary>
        Either,
        /// <summary>Similarity for matching and agreement: over the keypoints both placed only.</summary>
        Both,
    }

    /// <summary>
    /// Object keypoint similarity of skeleton a to skeleton b (rig order, NaN unplaced; b is the reference), with the
    /// rig's <paramref name="sigmas"/> and the object scale <paramref name="area"/> (px²), over the keypoints
    /// <paramref name="points"/> names; <paramref name="none"/> when there are none. The one OKS of the code base:
    /// evaluation against truth uses <see cref="OksPoints.Reference"/> (COCO), label comparisons
    /// <see cref="OksPoints.Either"/>, consolidation <see cref="OksPoints.Both"/>.
    /// </summary>
    public static double Oks(double[] ax, double[] ay, double[] bx, double[] by, ReadOnlySpan<double> sigmas,
        double area, OksPoints points = OksPoints.Both, double none = 0)
    {
        double sum = 0;
        var n = 0;
        for (var i = 0; i < bx.Length; i++)
        {
            bool inA = !double.IsNaN(ax[i]), inB = !double.IsNaN(bx[i]);
            var counted = points switch
            {
                OksPoints.Reference => inB,
                OksPoints.Either => inA || inB,
                _ => inA && inB,
            };
            if (!counted) continue;
            n++;
            if (inA && inB) sum += Exp(NormalizedSquared(ax[i] - bx[i], ay[i] - by[i], sigmas[i], area) / 2);
        }
        return n == 0 ? none : sum / n;
    }

    /// <summary>
    /// OKS of skeleton a to b as drawn and with a mirrored (each keypoint read as its <paramref name="flip"/> partner),
    /// in one pass: the same values as two <see cref="Oks"/> calls, one on a mirrored copy.
    /// </summary>
    public static (double Own, double Mirrored) OksBothWays(double[] ax, double[] ay, double[] bx, double[] by,
        ReadOnlySpan<double> sigmas, double area, ReadOnlySpan<int> flip)
    {
        double own = 0, mirrored = 0;
        int nOwn = 0, nMirrored = 0;
        for (var i = 0; i < bx.Length; i++)
        {
            if (double.IsNaN(bx[i])) continue;
            var term = 0.0;
            if (!double.IsNaN(ax[i]))
            {
                term = Exp(NormalizedSquared(ax[i] - bx[i], ay[i] - by[i], sigmas[i], area) / 2);
                own += term;
                nOwn++;
            }
            var j = flip[i];
            if (double.IsNaN(ax[j])) continue;
            // An unpaired keypoint reads the same both ways.
            mirrored += j == i ? term : Exp(NormalizedSquared(ax[j] - bx[i], ay[j] - by[i], sigmas[i], area) / 2);
            nMirrored++;
        }
        return (nOwn == 0 ? 0 : own / nOwn, nMirrored == 0 ? 0 : mirrored / nMirrored);
    }

    /// <summary>
    /// exp(-q), q at least 0. Far from 0 it is 0 anyway: exp's slow path for results that underflow is not taken.
    /// </summary>
    private static double Exp(double q) => q > 746 ? 0 : Math.Exp(-q);

    /// <summary>
    /// d² / (s² k²) with k = 2σ: the squared distance in units of the keypoint's tolerance. OKS per keypoint is
    /// exp(-this / 2).
    /// </summary>
    public static double NormalizedSquared(double dx, double dy, double sigma, double area)
    {
        var k = 2 * sigma;
        return (dx * dx + dy * dy) / (area * k * k);
    }

    /// <summary>
    /// Median of values that are not NaN; reorders <paramref name="values"/> in place. NaN when empty.
    /// </summary>
    public static double Median(Span<double> values)
    {
        if (values.Length <= 16)
        {
            // Most spans hold one value per worker (at most 9): an inline insertion sort beats any general set-up.
            for (var i = 1; i < values.Length; i++)
            {
                var v = values[i];
                var j = i - 1;
                for (; j >= 0 && values[j] > v; j--) values[j + 1] = values[j];
                values[j + 1] = v;
            }
            return MedianWithout(values, -1);
        }
        // A worker's residuals in an object run to 51 values: selecting the middle costs a fraction of sorting them.
        var hi = values.Length / 2;
        var upper = Select(values, hi);
        if (values.Length % 2 == 1) return upper;
        // Select leaves the smaller values before index hi; the largest of them is the lower middle.
        var lower = double.MinValue;
        foreach (var v in values[..hi]) lower = Math.Max(lower, v);
        return (lower + upper) / 2;
    }

    /// <summary>
    /// The value of rank <paramref name="rank"/> (0-based, ascending); smaller values end up before it.
    /// </summary>
    private static double Select(Span<double> values, int rank)
    {
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            var pivot = values[lo + (hi - lo) / 2];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i > j) break;
                (values[i], values[j]) = (values[j], values[i]);
                i++;
                j--;
            }
            if (rank <= j) hi = j;
            else if (rank >= i) lo = i;
            else break;
        }
        return values[rank];
    }

    /// <summary>
    /// Median of <paramref name="sorted"/> without the value at index <paramref name="skip"/> (none when negative); NaN
    /// when nothing is left.
    /// </summary>
    public static double MedianWithout(ReadOnlySpan<double> sorted, int skip)
    {
        var n = skip < 0 ? sorted.Length : sorted.Length - 1;
        if (n == 0) return double.NaN;
        var hi = n / 2;
        var upper = sorted[skip >= 0 && hi >= skip ? hi + 1 : hi];
        if (n % 2 == 1) return upper;
        var lo = hi - 1;
        return (sorted[skip >= 0 && lo >= skip ? lo + 1 : lo] + upper) / 2;
    }

    /// <summary>Box around the points (pixels, rounded to 0.1); null when there are none.</summary>
    public static BoundingBox? Box(IReadOnlyList<Keypoint> points) => Box(points, p => p.X, p => p.Y);

    /// <inheritdoc cref="Box(IReadOnlyList{Keypoint})"/>
    public static BoundingBox? Box(IReadOnlyList<ConsolidatedKeypoint> points) => Box(points, p => p.X, p => p.Y);

    private static BoundingBox? Box<T>(IReadOnlyList<T> points, Func<T, double> x, Func<T, double> y)
    {
        if (points.Count == 0) return null;
        double l = double.MaxValue, t = double.MaxValue, r = double.MinValue, b = double.MinValue;
        foreach (var p in points)
        {
            l = Math.Min(l, x(p)); r = Math.Max(r, x(p));
            t = Math.Min(t, y(p)); b = Math.Max(b, y(p));
        }
        return new BoundingBox(Math.Round(l, 1), Math.Round(t, 1), Math.Round(r - l, 1), Math.Round(b - t, 1));
    }
}
