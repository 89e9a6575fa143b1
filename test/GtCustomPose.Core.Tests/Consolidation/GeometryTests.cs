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
