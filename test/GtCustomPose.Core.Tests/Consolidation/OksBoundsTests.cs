using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Tests;

/// <summary>The bounds side repair reads instead of the exact OKS of two skeletons, as drawn and mirrored.</summary>
public class OksBoundsTests
{
    private static readonly Rig Rig = Rig.Coco17;

    // A skeleton near (cx, cy) at scales from near to far apart, some keypoints unplaced.
    private static (double[] X, double[] Y) Skeleton(Random random, double cx, double cy, double spread)
    {
        double[] x = new double[Rig.Count], y = new double[Rig.Count];
        for (var i = 0; i < Rig.Count; i++)
        {
            var placed = random.Next(8) != 0;
            x[i] = placed ? cx + (random.NextDouble() - 0.5) * spread : double.NaN;
            y[i] = placed ? cy + (random.NextDouble() - 0.5) * spread : double.NaN;
        }
        return (x, y);
    }

    [Fact]
    public void Of_RandomPairsNearAndFar_HoldTheExactValuesWithinSixPercent()
    {
        var random = new Random(3);
        for (var trial = 0; trial < 20_000; trial++)
        {
            var spread = Math.Pow(10, random.NextDouble() * 4);
            var (ax, ay) = Skeleton(random, 500, 400, spread);
            var offset = trial % 3 == 0 ? 0 : Math.Pow(10, random.NextDouble() * 4);
            var (bx, by) = Skeleton(random, 500 + offset, 400, spread);
            var area = Math.Max(Geometry.MinArea, random.NextDouble() * spread * spread);

            var (own, mirrored) = Geometry.OksBothWays(ax, ay, bx, by, Rig.SigmaSpan, area, Rig.FlipSpan);
            var bounds = OksBounds.Of(ax, ay, bx, by, Rig, area);

            own.Should().BeInRange(bounds.OwnLow, bounds.OwnHigh, $"trial {trial}");
            mirrored.Should().BeInRange(bounds.MirroredLow, bounds.MirroredHigh, $"trial {trial}");
            bounds.OwnLow.Should().BeGreaterThanOrEqualTo(bounds.OwnHigh * 0.94 - 1e-299, $"trial {trial}");
            bounds.MirroredLow.Should().BeGreaterThanOrEqualTo(bounds.MirroredHigh * 0.94 - 1e-299, $"trial {trial}");
        }
    }

    [Fact]
    public void OwnWinsBy_ASkeletonAndItsMirrorImage_TellsWhichReadingWins()
    {
        var random = new Random(8);
        var (ax, ay) = Skeleton(random, 500, 400, 0);
        for (var i = 0; i < Rig.Count; i++)
        {
            // Left keypoints left of the centre line, right ones to its right, each pair 200 px apart.
            if (double.IsNaN(ax[i])) continue;
            ax[i] = 500 + (Rig.FlipSpan[i] == i ? 0 : Rig.IsLeftSpan[i] ? -100 : 100);
            ay[i] = 300 + 10 * i;
        }
        var bx = (double[])ax.Clone();
        var mx = new double[Rig.Count];
        var my = new double[Rig.Count];
        for (var i = 0; i < Rig.Count; i++) (mx[i], my[i]) = (ax[Rig.FlipSpan[i]], ay[Rig.FlipSpan[i]]);

        var same = OksBounds.Of(ax, ay, bx, ay, Rig, 200 * 200);
        var mirror = OksBounds.Of(mx, my, bx, ay, Rig, 200 * 200);

        same.OwnWinsBy(0.1).Should().BeTrue();
        same.MirroredWinsBy(0.1).Should().BeFalse();
        mirror.MirroredWinsBy(0.1).Should().BeTrue();
        mirror.OwnWinsBy(0.1).Should().BeFalse();
    }
}
