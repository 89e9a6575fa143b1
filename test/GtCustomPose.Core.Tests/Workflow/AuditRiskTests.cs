using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Workflow;
using static GtCustomPose.Core.Tests.Workflow.WorkflowFixtures;

namespace GtCustomPose.Core.Tests.Workflow;

public sealed class AuditRiskTests
{
    private static ConsolidatedLabel Flagged(double confidence, params string[] reasons)
    {
        var label = Label(true, reasons, Fixtures.Person("skeleton_1", 100, 100, 300),
            Fixtures.Person("skeleton_2", 600, 100, 300));
        return label with
        {
            Instances = [label.Instances[0], label.Instances[1] with { Confidence = confidence }],
        };
    }

    [Theory]
    [InlineData(ReviewReasons.LowConfidence, 0)]
    [InlineData(ReviewReasons.SidesContradictFace, 1)]
    [InlineData(ReviewReasons.DisputedInstanceCount, 2)]
    [InlineData(ReviewReasons.SwapDisputed, 2)]
    [InlineData(ReviewReasons.LowAgreement, 2)]
    [InlineData("a_reason_from_a_later_version", 2)]
    public void Tier_OneReason_ItsTier(string reason, int tier) =>
        AuditRisk.Tier(Flagged(0.8, reason)).Should().Be(tier);

    [Fact]
    public void Tier_LowConfidenceWithFaceContradiction_TheHigherTier() =>
        AuditRisk.Tier(Flagged(0.8, ReviewReasons.LowConfidence, ReviewReasons.SidesContradictFace)).Should().Be(1);

    [Fact]
    public void Tier_VerdictWithoutReasons_Disputed() => AuditRisk.Tier(Flagged(0.8)).Should().Be(2);

    [Fact]
    public void Compare_SameTier_LeastConfidentSkeletonFirst()
    {
        var lessSure = Flagged(0.55, ReviewReasons.LowConfidence);
        var surer = Flagged(0.70, ReviewReasons.LowConfidence);

        AuditRisk.Compare(lessSure, surer).Should().BeNegative();
        AuditRisk.Compare(surer, lessSure).Should().BePositive();
        AuditRisk.LeastConfidence(lessSure).Should().Be(0.55);
    }

    [Fact]
    public void Compare_HigherTier_FirstWhateverTheConfidence() =>
        AuditRisk.Compare(Flagged(0.99, ReviewReasons.DisputedInstanceCount), Flagged(0.1, ReviewReasons.LowConfidence))
            .Should().BeNegative();
}
