using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Tests.Fixtures;

namespace GtCustomPose.Core.Tests;

/// <summary>
/// A repair the statistics pass made is reused by the consolidation pass when the workers' rates and the refined
/// facing would decide its mirror votes the same, and made again when they would not.
/// </summary>
public class SideDecisionTests
{
    private static readonly Rig Coco = Rig.Coco17;

    private static WorkerRates Rate(double mirror) => new(mirror, 0.05, 0.05);

    private static PreparedObject Prepared()
    {
        var person = Person("p", 300, 200);
        var answers = new[] { Stated.Answer("w0", Mirrored(person)), Stated.Answer("w1", Mirrored(person)),
            Stated.Answer("w2", person) };
        var options = new ConsolidationOptions { CheckFacing = false };
        return new BatchEstimator(Coco, options).AddPrepared(answers)!;
    }

    [Fact]
    public void Holds_RatesThatDecideTheVoteTheSame_ReusesTheRepair()
    {
        var prepared = Prepared();
        var alike = new Dictionary<string, WorkerRates> { ["w0"] = Rate(0.1), ["w1"] = Rate(0.1), ["w2"] = Rate(0.1) };

        prepared.Sides.Decisions.Should().ContainSingle("one person, its vote contested two to one");
        prepared.Holds(Coco, 3, prepared.Options with { WorkerRates = alike }).Should().BeTrue();
    }

    [Fact]
    public void Holds_RatesThatTurnTheVote_PreparesAgain()
    {
        var prepared = Prepared();
        var careful = new Dictionary<string, WorkerRates>
        {
            ["w0"] = Rate(0.45), ["w1"] = Rate(0.45), ["w2"] = Rate(0.02),
        };

        prepared.Holds(Coco, 3, prepared.Options with { WorkerRates = careful }).Should().BeFalse();
    }
}
