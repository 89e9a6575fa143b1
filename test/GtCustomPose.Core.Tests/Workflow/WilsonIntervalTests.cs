using GtCustomPose.Core.Workflow;

namespace GtCustomPose.Core.Tests.Workflow;

public sealed class WilsonIntervalTests
{
    [Theory]
    // Reference values of the Wilson score interval at z = 1.96.
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(10, 10, 0.7225, 1.0)]
    [InlineData(1, 50, 0.0035, 0.1050)]
    public void Of_KnownCases_MatchesReferenceValues(int successes, int trials, double low, double high)
    {
        var interval = WilsonInterval.Of(successes, trials);

        interval.Low.Should().BeApproximately(low, 5e-4);
        interval.High.Should().BeApproximately(high, 5e-4);
    }

    [Fact]
    public void Of_NoTrials_WholeRange()
    {
        WilsonInterval.Of(0, 0).Should().Be((0.0, 1.0));
        Proportion.Of(0, 0).Rate.Should().BeNull();
    }

    [Fact]
    public void Of_SampledBinomials_CoversTheTrueRateAboutNinetyFivePercentOfTheTime()
    {
        var random = new Random(11);
        const double rate = 0.04;
        const int trials = 60, runs = 4000;
        var covered = 0;
        for (var r = 0; r < runs; r++)
        {
            var k = Enumerable.Range(0, trials).Count(_ => random.NextDouble() < rate);
            var (low, high) = WilsonInterval.Of(k, trials);
            if (rate >= low && rate <= high) covered++;
        }

        ((double)covered / runs).Should().BeInRange(0.92, 0.99);
    }

    [Fact]
    public void Of_MoreSuccessesThanTrials_Throws()
    {
        var act = () => WilsonInterval.Of(3, 2);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
