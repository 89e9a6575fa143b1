using System.Globalization;
using GtCustomPose.Core.Workflow;
using static GtCustomPose.Core.Tests.Workflow.WorkflowFixtures;

namespace GtCustomPose.Core.Tests.Workflow;

public sealed class AutoSecondLevelTests
{
    private static RouteSummary AuditOnly(int objects, int overBudget, double expectedWrong) =>
        new(objects, 3, 3, 0, 0, 0, [], overBudget, 3, expectedWrong);

    // 100 objects, an audit of 15, `left` flagged objects left out at p_wrong 0.5 each.
    private static RouteSummary LeavingOut(int left) => new(100, 15, 15, 0, 0, 0, [], left, 15, left * 0.5,
        [.. Enumerable.Range(1, left).Select(i => new LeftOut(i, $"s3://b/{i}.jpg", 0.5))]);

    // 20 objects: `flagged` of them flagged with p_wrong 0.4 each, the rest clean at 0.01.
    private static string Manifest(int flagged) => string.Join('\n', Enumerable.Range(0, 20).Select(i => i < flagged
        ? Line(i, Person(needsReview: true) with { PWrong = 0.4 })
        : Line(i, Person() with { PWrong = 0.01 })));

    private static readonly RouteOptions Relabel = new() { SampleRate = 0, MaxAuditShare = 0.1 };

    [Fact]
    public void Choose_ExpectedWrongAboveTheTarget_RelabelsAndSaysBoth()
    {
        var choice = AutoSecondLevel.Choose(AuditOnly(300, 40, 12.5), 0.02);

        choice.Relabel.Should().BeTrue();
        choice.ExpectedWrong.Should().Be(12.5);
        choice.Allowed.Should().BeApproximately(6, 1e-9);
        choice.Reason.Should().Contain("12.5").And.Contain("2.0 % target (6.0)").And.Contain("re-label");
    }

    [Theory]
    [InlineData(10, 0.1)] // 5 expected wrong, 2 allowed: 6 more audit places would do; the least share is 10.
    [InlineData(20, 0.16)] // 10 expected wrong: 16 more.
    [InlineData(60, 0.2)] // 30 expected wrong: 56 more, but at most 20.
    public void Choose_AboveTheTarget_RelabelsWhatTheAuditWouldMissWithinTheShares(int left, double share)
    {
        var choice = AutoSecondLevel.Choose(LeavingOut(left), 0.02, share: 0.1, maxShare: 0.2);

        choice.Relabel.Should().BeTrue();
        choice.Share.Should().BeApproximately(share, 1e-9);
        choice.Reason.Should().Contain(
            string.Create(CultureInfo.InvariantCulture, $"re-label the {share:P1} most doubtful"));
    }

    [Fact]
    public void Choose_AMaxBelowTheLeastShare_Throws()
    {
        var act = () => AutoSecondLevel.Choose(LeavingOut(10), 0.02, share: 0.2, maxShare: 0.1);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("maxShare");
    }

    [Theory]
    [InlineData(300)]
    [InlineData(0)]
    public void Choose_NoFlaggedLabelBeyondTheBudget_AuditsOnly(int objects)
    {
        var choice = AutoSecondLevel.Choose(AuditOnly(objects, 0, 0), 0.02);

        choice.Relabel.Should().BeFalse();
        choice.Share.Should().Be(0);
        choice.Reason.Should().EndWith("audit only");
    }

    [Theory]
    [InlineData(6.0)]
    [InlineData(0.4)]
    public void Choose_FlaggedLabelsBeyondTheBudgetWithinTheTarget_RelabelsTheLeastShare(double expected)
    {
        var choice = AutoSecondLevel.Choose(AuditOnly(300, 5, expected), 0.02, share: 0.1, maxShare: 0.2);

        choice.Relabel.Should().BeTrue();
        choice.Share.Should().BeApproximately(0.1, 1e-9);
        choice.Reason.Should().Contain("within the 2.0 % target").And.Contain("re-label the 10.0 % most doubtful");
    }

    [Fact]
    public void Choose_ATighterTarget_RelabelsMoreThanALooserOne()
    {
        var summary = LeavingOut(20); // 10 expected wrong of 100 objects

        AutoSecondLevel.Choose(summary, 0.02).Share.Should().BeApproximately(0.16, 1e-9);
        AutoSecondLevel.Choose(summary, 0.1).Share.Should().BeApproximately(0.1, 1e-9);
    }

    [Theory]
    [InlineData(0.2, 4)] // 6 more audit places would do, 4 are the most
    [InlineData(0.5, 6)]
    public async Task RouteAsync_ManyDoubtfulBeyondTheBudget_WritesRelabelLinesForTheShareChosen(
        double maxShare, int relabeled)
    {
        var output = new StringWriter();

        // An audit of 3 of 20 leaves 7 flagged at 0.4: 2.8 expected wrong, above 2 % of 20 (0.4).
        var (route, choice) = await AutoSecondLevel.RouteAsync(
            new StringReader(Manifest(flagged: 10)), output, Relabel, auditShare: 0.15, targetError: 0.02, maxShare);

        choice.Relabel.Should().BeTrue();
        choice.ExpectedWrong.Should().BeApproximately(2.8, 1e-9);
        route.Selected.Should().Be(relabeled);
        var lines = Lines(output.ToString());
        lines.Should().HaveCount(relabeled);
        lines.Select(l => Json(l).GetProperty("gtpose-audit").GetProperty("mode").GetString())
            .Should().OnlyContain(m => m == AuditHint.RelabelMode);
        lines.Select(l => Json(l).TryGetProperty("pose", out _)).Should().OnlyContain(
            has => !has, "a re-label shows no label");
    }

    [Fact]
    public async Task RouteAsync_AFlaggedLabelBeyondTheBudgetWithinTheTarget_WritesTheLeastShare()
    {
        var output = new StringWriter();

        // An audit of 3 of 20 leaves 1 flagged at 0.4, within 5 % of 20 (1.0): the least share, 2 objects.
        var (route, choice) = await AutoSecondLevel.RouteAsync(
            new StringReader(Manifest(flagged: 4)), output, Relabel, auditShare: 0.15, targetError: 0.05);

        choice.Relabel.Should().BeTrue();
        choice.ExpectedWrong.Should().BeApproximately(0.4, 1e-9);
        route.Selected.Should().Be(2);
        Lines(output.ToString()).Should().HaveCount(2);
    }

    [Fact]
    public async Task RouteAsync_EveryDoubtfulLabelWithinTheBudget_WritesNothingAndCountsEveryObject()
    {
        var output = new StringWriter();

        var (route, choice) = await AutoSecondLevel.RouteAsync(
            new StringReader(Manifest(flagged: 3)), output, Relabel, auditShare: 0.15, targetError: 0.02);

        choice.Relabel.Should().BeFalse();
        choice.ExpectedWrong.Should().Be(0);
        route.Objects.Should().Be(20);
        route.Selected.Should().Be(0);
        output.ToString().Should().BeEmpty();
    }
}
