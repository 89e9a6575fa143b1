using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Consolidation.ConsolidationConstants;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// Stage 4: per keypoint, outlier clicks left out, then the inverse-variance weighted mean; present when at least half
/// the members placed it. Agreement is COCO OKS with the rig's sigmas and the consensus box area as scale.
/// </summary>
internal static class InstanceEstimation
{
    // outlierRates: per usable worker, its outlier rate over the job; null when not measured.
    public static InstanceEstimate Estimate(int index, SkeletonCluster c, Rig rig, WorkerNoise workerNoise,
        ConsolidationOptions options, double[]? outlierRates = null)
    {
        var noise = workerNoise.Variance;
        var k = rig.Count;
        var n = c.Members.Count;
        var area = Geometry.Area(c.X, c.Y);
        var votes = c.Placed;
        var byShape = new bool[k];
        var outlier = Outliers(c, rig, noise, area, outlierRates, byShape);
        double[] ex = new double[k], ey = new double[k];
        var fewVotes = false;
        for (var i = 0; i < k; i++)
        {
            ex[i] = ey[i] = double.NaN;
            if (votes[i] == 0) continue;
            if (votes[i] * 2 < n) { fewVotes = true; continue; }
            double sw = 0, sx = 0, sy = 0;
            for (var j = 0; j < n; j++)
            {
                var m = c.Members[j];
                if (double.IsNaN(m.X[i]) || outlier[j, i]) continue;
                var w = 1 / noise[m.Worker];
                sw += w; sx += w * m.X[i]; sy += w * m.Y[i];
            }
            (ex[i], ey[i]) = sw > 0 ? (sx / sw, sy / sw) : (c.X[i], c.Y[i]);
        }
        var declared = DeclaredFacing.Of(c.Members);
        var sidesWrong = options.CheckFacing && rig.FacingLandmarks is { } facing
            ? FacingCheck.SidesWrongChance(ex, ey, votes, n, c.MirroredMembers, facing, options.Facing, declared)
            : double.NaN;
        var (keypoints, expectedSum) = Keypoints(c, rig, noise, outlier, ex, ey, area, byShape);
        var estimateArea = Geometry.Area(ex, ey);
        var fits = new MemberFit[n];
        double agreement = 0;
        for (var j = 0; j < n; j++)
        {
            var m = c.Members[j];
            var oks = Geometry.Oks(m.X, m.Y, ex, ey, rig.SigmaSpan, estimateArea);
            agreement += oks;
            var outliers = 0;
            for (var i = 0; i < k; i++) if (outlier[j, i]) outliers++;
            fits[j] = new MemberFit(m.Worker, oks, outliers);
        }
        agreement /= n;
        var expected = keypoints.Count == 0 ? 0 : expectedSum / keypoints.Count;
        var instance = new ConsolidatedInstance(MajorityName(c), keypoints, Geometry.Box(keypoints),
            Math.Round(agreement, 3), Math.Round(expected, 3), Facing: declared.Majority);
        return new InstanceEstimate(index, instance, agreement, expected, fits, fewVotes, sidesWrong);
    }

    /// <summary>
    /// Per member and keypoint, whether the click is left out: too far from the cluster's centre (the median of every
    /// member's click, its own included), or one of two clicks too far apart to agree
    /// (<paramref name="byShape"/>, when given, marks the keypoints where only the skeleton's shape chose it).
    /// </summary>
    internal static bool[,] Outliers(SkeletonCluster c, Rig rig, double[] noise, double area,
        double[]? outlierRates = null, bool[]? byShape = null)
    {
        var k = rig.Count;
        var n = c.Members.Count;
        var outlier = new bool[n, k];
        var votes = c.Placed;
        for (var j = 0; j < n; j++)
        {
            var m = c.Members[j];
            double others = 0;
            foreach (var o in c.Members) if (o != m) others += noise[o.Worker];
            // The limit keeps the variance of the others' mean: the centre, which holds the click itself, varies
            // less, so the test stays on the cautious side.
            var refVariance = n > 1 ? others / (n - 1) / (n - 1) : 0;
            for (var i = 0; i < k; i++)
            {
                if (double.IsNaN(m.X[i]) || votes[i] < OutlierMinVotes) continue;
                // Not the others' median: of three clicks that is the mean of the other two, which one stray click
                // among them drags off a good click until the good one is left out too.
                var r2 = Geometry.NormalizedSquared(m.X[i] - c.X[i], m.Y[i] - c.Y[i], rig.SigmaSpan[i], area);
                var limit = Math.Max(OutlierMinRadiusSquared, OutlierRadiusSquared * (noise[m.Worker] + refVariance));
                if (r2 > limit) outlier[j, i] = true;
            }
        }
        LeaveOutOneOfTwo(c, rig, noise, area, outlierRates, outlier, byShape);
        return outlier;
    }

    /// <summary>
    /// Where exactly two members placed a keypoint and their clicks lie too far apart for both to be right, one is
    /// left out: the mean of a good click and a stray one is right for neither. The click of the worker whose outlier
    /// odds over the job are <see cref="TwoClickOutlierOdds"/> times the other's goes (where the two clicks lie
    /// against each other says nothing of which one strayed: the workers' habits do); without that, the click of a
    /// worker more than <see cref="TwoClickNoiseRatio"/> times noisier. Between two like workers the skeleton decides:
    /// the click farther from the keypoint's neighbours on the rig goes (a stray click lands anywhere on the person, a
    /// real one next to its limb), and <paramref name="byShape"/> marks the keypoint so that its confidence stays what
    /// both clicks' spread says.
    /// </summary>
    private static void LeaveOutOneOfTwo(SkeletonCluster c, Rig rig, double[] noise, double area,
        double[]? outlierRates, bool[,] outlier, bool[]? byShape)
    {
        var votes = c.Placed;
        for (var i = 0; i < rig.Count; i++)
        {
            if (votes[i] != 2) continue;
            int a = -1, b = -1;
            for (var j = 0; j < c.Members.Count; j++)
                if (!double.IsNaN(c.Members[j].X[i])) (a, b) = a < 0 ? (j, b) : (a, j);
            WorkerSkeleton ma = c.Members[a], mb = c.Members[b];
            double va = noise[ma.Worker], vb = noise[mb.Worker];
            var r2 = Geometry.NormalizedSquared(ma.X[i] - mb.X[i], ma.Y[i] - mb.Y[i], rig.SigmaSpan[i], area);
            if (r2 <= Math.Max(OutlierMinRadiusSquared, OutlierRadiusSquared * (va + vb))) continue;
            var odds = outlierRates is null ? 1 : Odds(outlierRates[ma.Worker]) / Odds(outlierRates[mb.Worker]);
            if (odds > TwoClickOutlierOdds) outlier[a, i] = true;
            else if (odds < 1 / TwoClickOutlierOdds) outlier[b, i] = true;
            else if (va > TwoClickNoiseRatio * vb) outlier[a, i] = true;
            else if (vb > TwoClickNoiseRatio * va) outlier[b, i] = true;
            else if (byShape is not null)
            {
                var (fa, fb) = (Far(c, rig, i, ma.X[i], ma.Y[i]), Far(c, rig, i, mb.X[i], mb.Y[i]));
                if (fa == fb) continue;
                outlier[fa > fb ? a : b, i] = true;
                byShape[i] = true;
            }
        }
    }

    /// <summary>The summed distance (pixels) from a click for keypoint <paramref name="i"/> to the cluster's centre of
    /// each keypoint the rig joins it to.</summary>
    private static double Far(SkeletonCluster c, Rig rig, int i, double x, double y)
    {
        double sum = 0;
        var label = rig.Keypoints[i].Label;
        foreach (var e in rig.Edges)
        {
            var j = e.From == label ? rig.IndexOf(e.To) : e.To == label ? rig.IndexOf(e.From) : -1;
            if (j < 0 || double.IsNaN(c.X[j])) continue;
            sum += Math.Sqrt((x - c.X[j]) * (x - c.X[j]) + (y - c.Y[j]) * (y - c.Y[j]));
        }
        return sum;
    }

    private static double Odds(double rate)
    {
        var p = Math.Clamp(rate, RateFloor, RateCeiling);
        return p / (1 - p);
    }

    /// <summary>The consolidated keypoints in rig order, and the sum of their expected OKS.</summary>
    private static (List<ConsolidatedKeypoint> Keypoints, double ExpectedSum) Keypoints(SkeletonCluster c, Rig rig,
        double[] noise, bool[,] outlier, double[] ex, double[] ey, double area, bool[] byShape)
    {
        var n = c.Members.Count;
        var votes = c.Placed;
        var keypoints = new List<ConsolidatedKeypoint>();
        double expectedSum = 0;
        for (var i = 0; i < rig.Count; i++)
        {
            if (double.IsNaN(ex[i])) continue;
            // Variance of the weighted mean in tolerance units v gives an expected OKS of 1 / (1 + v) for a 2-D
            // Gaussian error.
            double precision = 0, spread = 0;
            var used = 0;
            // Where only the shape chose between two clicks, the doubt stays what both clicks' spread says.
            var (cx, cy) = byShape[i] ? WeightedMean(c, noise, i) : (ex[i], ey[i]);
            for (var j = 0; j < n; j++)
            {
                var m = c.Members[j];
                if (double.IsNaN(m.X[i]) || (outlier[j, i] && !byShape[i])) continue;
                var w = 1 / noise[m.Worker];
                precision += w;
                var r2 = Geometry.NormalizedSquared(m.X[i] - cx, m.Y[i] - cy, rig.SigmaSpan[i], area);
                spread += w * w * r2 / 2;
                used++;
            }
            // The workers' known noise predicts a variance of 1 / precision; when their clicks here spread wider than
            // that (a blurry keypoint, a shared mistake the outlier test could not catch) the spread is the better
            // guide.
            var variance = precision > 0 ? 1 / precision : double.PositiveInfinity;
            if (used > 1) variance = Math.Max(variance, spread / (precision * precision) * used / (used - 1));
            var expectedOks = precision > 0 ? 1 / (1 + variance) : 0;
            var confidence = expectedOks * votes[i] / n;
            expectedSum += expectedOks;
            keypoints.Add(new ConsolidatedKeypoint(rig.Keypoints[i].Label, Math.Round(ex[i], 1), Math.Round(ey[i], 1),
                Math.Round(confidence, 2), votes[i], Visibility(c, i)));
        }
        return (keypoints, expectedSum);
    }

    /// <summary>The inverse-variance mean of every member's click on keypoint <paramref name="i"/>.</summary>
    private static (double X, double Y) WeightedMean(SkeletonCluster c, double[] noise, int i)
    {
        double sw = 0, sx = 0, sy = 0;
        foreach (var m in c.Members)
        {
            if (double.IsNaN(m.X[i])) continue;
            var w = 1 / noise[m.Worker];
            sw += w; sx += w * m.X[i]; sy += w * m.Y[i];
        }
        return (sx / sw, sy / sw);
    }

    /// <summary>
    /// False when most members who placed keypoint <paramref name="i"/> and said so marked it occluded; true when
    /// most said visible, or as many each way (what exports write without a statement); null when none said.
    /// </summary>
    private static bool? Visibility(SkeletonCluster c, int i)
    {
        int visible = 0, occluded = 0;
        foreach (var m in c.Members)
        {
            if (double.IsNaN(m.X[i]) || m.Visible?[i] is not { } stated) continue;
            if (stated) visible++;
            else occluded++;
        }
        return visible + occluded == 0 ? null : visible >= occluded;
    }

    /// <summary>The name most members gave the skeleton; among equals the ordinally first.</summary>
    private static string MajorityName(SkeletonCluster c)
    {
        var best = c.Members[0].Name;
        // Nearly always every member gave the same name: one pass settles it.
        var all = true;
        foreach (var m in c.Members) all &= string.Equals(m.Name, best, StringComparison.Ordinal);
        if (all) return best;
        var bestCount = 0;
        foreach (var m in c.Members)
        {
            var count = 0;
            foreach (var o in c.Members) if (string.Equals(o.Name, m.Name, StringComparison.Ordinal)) count++;
            if (count > bestCount || (count == bestCount && string.CompareOrdinal(m.Name, best) < 0))
                (best, bestCount) = (m.Name, count);
        }
        return best;
    }
}
