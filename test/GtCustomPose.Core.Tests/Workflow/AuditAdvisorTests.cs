using GtCustomPose.Core.Workflow;

namespace GtCustomPose.Core.Tests.Workflow;

public sealed class AuditAdvisorTests
{
    private static readonly WorkerReliability[] Workers =
    [
        new("good", 40, 0.95, 0), new("poor", 40, 0.55, 12), new("fair", 40, 0.8, 2), new("new", 2, 0.1, 2),
    ];

    private static ResidualEstimate Estimate(double rate, double low, double high, IReadOnlyList<double> unaudited) =>
        new(rate, low, high, unaudited.Count, unaudited.Sum(), 50, 5, 5);

    [Fact]
    public void Advise_IntervalBelowTheTarget_TargetMet()
    {
        var advice = AuditAdvisor.Advise(Estimate(0.005, 0, 0.015, [0.01]), [0.01], Workers, 100, 10);

        advice.Action.Should().Be(AdviceAction.TargetMet);
        advice.Text.Should().Contain("within the 2.0 % target");
        advice.LeastReliable.Should().BeEmpty();
    }

    [Fact]
    public void Advise_EstimateAboveTheTargetAFewHighPWrong_AuditTheNextOnesByRank()
    {
        // 100 unaudited: ten at p_wrong 0.5, ninety at 0.01; the estimate equals their mean (no correction).
        var unaudited = Enumerable.Repeat(0.5, 10).Concat(Enumerable.Repeat(0.01, 90)).ToList();
        var rate = unaudited.Average();

        var advice = AuditAdvisor.Advise(Estimate(rate, rate - 0.02, rate + 0.02, unaudited), unaudited, Workers,
            objects: 200, audited: 30);

        advice.Action.Should().Be(AdviceAction.AuditMore);
        // After nine of the ten, 0.5 + 90 × 0.01 over 91 objects is 1.5%: within the target.
        advice.AuditMore.Should().Be(9);
        advice.MaxAuditShare.Should().Be(0.2);
        advice.Text.Should().Contain("audit the next 9 objects by p_wrong").And.Contain("--max-audit-share 0.2");
        advice.LeastReliable.Select(w => w.WorkerId).Should().Equal("poor", "fair", "good");
    }

    [Fact]
    public void Advise_ErrorsSpreadOverTheWholeJob_RelabelAndNameTheLeastReliableWorkers()
    {
        var unaudited = Enumerable.Repeat(0.3, 100).ToList();

        var advice = AuditAdvisor.Advise(Estimate(0.3, 0.25, 0.35, unaudited), unaudited, Workers, 120, 20);

        advice.Action.Should().Be(AdviceAction.Relabel);
        advice.Text.Should().Contain("re-label").And.Contain("--second-level relabel-audit")
            .And.Contain("the crowd is poor").And.Contain("poor (agreement 0.55");
        advice.Text.Should().NotContain("new (", "a worker with two answers is not ranked");
    }

    [Fact]
    public void Advise_PoorCrowdAfterARelabelJob_ReLabelMoreNamingTheShareDone()
    {
        var unaudited = Enumerable.Repeat(0.3, 100).ToList();

        var advice = AuditAdvisor.Advise(
            Estimate(0.3, 0.25, 0.35, unaudited), unaudited, Workers, 120, 20, relabeled: 12);

        advice.Action.Should().Be(AdviceAction.Relabel);
        advice.Text.Should().Contain("re-label more of the most doubtful before the audit (a --relabel-share above " +
            "the 12 of 120 objects re-labeled").And.NotContain("--second-level relabel-audit");
    }

    [Fact]
    public void Advise_EstimateWithinButIntervalAbove_ALargerSample()
    {
        var advice = AuditAdvisor.Advise(Estimate(0.015, 0, 0.04, [0.015]), [0.015], Workers, 100, 10);

        advice.Action.Should().Be(AdviceAction.LargerSample);
        advice.Text.Should().Contain("--sample-rate");
    }

    [Fact]
    public void Advise_NoSample_SaysSoAndGivesNoInterval()
    {
        var advice = AuditAdvisor.Advise(new ResidualEstimate(null, null, null, 40, 1.2, 0, 0, 0), [], Workers, 40, 0);

        advice.Action.Should().Be(AdviceAction.NoEstimate);
        advice.Text.Should().Contain("No QA object was audited").And.NotContain("95%");
    }

    [Fact]
    public void Advise_OtherTarget_WeighedAgainstIt()
    {
        var advice = AuditAdvisor.Advise(Estimate(0.04, 0.03, 0.05, [0.04]), [0.04], Workers, 100, 10, target: 0.06);

        advice.Action.Should().Be(AdviceAction.TargetMet);
        advice.TargetError.Should().Be(0.06);
    }
}
