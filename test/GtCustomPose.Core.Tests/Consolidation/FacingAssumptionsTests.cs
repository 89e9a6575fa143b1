using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Tests.Fixtures;

namespace GtCustomPose.Core.Tests;

/// <summary>What the facing check assumes of a crowd: distributions, and rates strictly between 0 and 1.</summary>
public class FacingAssumptionsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(9)]
    public void FacingAssumptions_PlacementCounts_AreDistributions(int members)
    {
        var a = new FacingAssumptions();
        Enumerable.Range(0, members + 1).Sum(c => a.PlacedIfFacing(c, members)).Should().BeApproximately(1, 1e-12);
        Enumerable.Range(0, members + 1).Sum(c => a.PlacedIfAway(c, members)).Should().BeApproximately(1, 1e-12);
        // Every worker placing the face is far likelier for a person facing the camera; nobody placing it, for one
        // facing away.
        a.PlacedIfFacing(members, members).Should().BeGreaterThan(a.PlacedIfAway(members, members));
        a.PlacedIfFacing(0, members).Should().BeLessThan(a.PlacedIfAway(0, members));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void FacingAssumptions_RateNotStrictlyBetween0And1_IsRefused(double rate)
    {
        var act = () => new FacingAssumptions() with { HiddenPlaced = rate };
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("HiddenPlaced");
        ((Func<FacingAssumptions>)(() => new FacingAssumptions { MirrorRate = rate })).Should()
            .Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void DeclaredFacingRight_NotStrictlyBetween0And1_IsRefused(double rate)
    {
        var act = () => new FacingAssumptions { DeclaredFacingRight = rate };
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("DeclaredFacingRight");
        FacingAssumptions.Default.DeclaredFacingRight.Should().Be(0.95);
    }
}
