using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core.Tests;

/// <summary>Medians over keypoint columns, with and without one value.</summary>
public class GeometryTests
{
    [Fact]
    public void MedianWithout_EveryIndexOfRandomLists_EqualsTheMedianOfTheRest()
    {
        var random = new Random(5);
        for (var n = 1; n <= 12; n++)
        {
            for (var trial = 0; trial < 20; trial++)
            {
                // Few distinct values, so ties are common.
                var values = Enumerable.Range(0, n).Select(_ => (double)random.Next(6)).ToArray();
                var sorted = values.Order().ToArray();
                for (var skip = -1; skip < n; skip++)
                {
                    var rest = sorted.Where((_, i) => i != skip).ToArray();
                    var expected = rest.Length == 0 ? double.NaN : Geometry.Median(rest.ToArray());
                    Geometry.MedianWithout(sorted, skip).Should()
                        .Be(expected, $"skipping {skip} of [{string.Join(", ", sorted)}]");
                }
            }
        }
    }

    [Fact]
    public void Median_AnyLengthAndTies_EqualsTheSortedMiddle()
    {
        var random = new Random(11);
        for (var n = 1; n <= 80; n++)
        {
            for (var trial = 0; trial < 25; trial++)
            {
                // Few distinct values in half the trials, so ties and equal pivots are common.
                var values = Enumerable.Range(0, n)
                    .Select(_ => trial % 2 == 0 ? random.Next(4) : random.NextDouble() * 100 - 50).ToArray();
                var sorted = values.Order().ToArray();
                var expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
                Geometry.Median(values.ToArray()).Should().Be(expected, $"of [{string.Join(", ", values)}]");
            }
        }
    }
}

/// <summary>The one OKS and its three rules for keypoints only one skeleton placed.</summary>
public class OksRuleTests
{
    private static readonly double[] Sigmas = [0.1, 0.1, 0.1];

    [Theory]
    [InlineData((int)Geometry.OksPoints.Reference, 0.5)]
    [InlineData((int)Geometry.OksPoints.Either, 1 / 3.0)]
    [InlineData((int)Geometry.OksPoints.Both, 1.0)]
    public void Oks_PointsOnlyOneSkeletonPlaced_ScoredByTheRule(int points, double expected)
    {
        var rule = (Geometry.OksPoints)points;
        // The reference b placed points 0 and 1; a placed 0 (exactly) and 2. COCO counts b's two, a symmetric
        // comparison all three, matching only point 0.
        double[] ax = [10, double.NaN, 30], ay = [10, double.NaN, 30];
        double[] bx = [10, 20, double.NaN], by = [10, 20, double.NaN];

        Geometry.Oks(ax, ay, bx, by, Sigmas, 10_000, rule).Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void Oks_NoPointCounted_ReturnsTheValueForNone()
    {
        double[] none = [double.NaN, double.NaN, double.NaN];
        Geometry.Oks(none, none, none, none, Sigmas, 10_000, Geometry.OksPoints.Reference, none: 1).Should().Be(1);
        Geometry.Oks(none, none, none, none, Sigmas, 10_000).Should().Be(0);
    }
}
