using System.Text.Json.Nodes;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Workflow;
using static GtCustomPose.Core.Tests.Workflow.WorkflowFixtures;

namespace GtCustomPose.Core.Tests.Workflow;

public sealed class AuditBudgetTests
{
    private static BudgetCandidate Flagged(int line, double p, double draw = 0.9) =>
        new(line, BudgetKind.Flagged, p, draw);

    private static BudgetCandidate Clean(int line, double draw) => new(line, BudgetKind.Unflagged, 0.01, draw);

    [Fact]
    public void Choose_MoreFlaggedThanTheBudget_HighestPWrongFirstAndTheRestLeftOut()
    {
        List<BudgetCandidate> candidates =
        [
            Flagged(1, 0.2), Flagged(2, 0.9), Flagged(3, 0.5), Flagged(4, 0.7), Clean(5, 0.01),
            .. Enumerable.Range(6, 15).Select(i => Clean(i, 0.5)),
        ];

        var choice = AuditBudget.Choose(candidates, new RouteOptions { MaxAuditShare = 0.15, SampleRate = 0.05 });

        // 15% of 20 is 3: one QA object (the smallest draw among the rest), then the two highest p_wrong.
        choice.Budget.Should().Be(3);
        choice.Ranked.Should().Equal(2, 4);
        choice.Sample.Should().Equal(5);
        choice.Left.Select(c => c.Line).Should().Equal(3, 1);
    }

    [Fact]
    public void Choose_NoLabelBeyondTheBudget_AllGoAndNothingElse()
    {
        var candidates = Enumerable.Range(1, 3).Select(i => new BudgetCandidate(i, BudgetKind.NoLabel, 0, 0.5))
            .Append(Flagged(4, 0.9)).Append(Clean(5, 0.0)).ToList();

        var choice = AuditBudget.Choose(candidates, new RouteOptions { MaxAuditShare = 0.1 });

        choice.NoLabel.Should().Equal(1, 2, 3);
        choice.Ranked.Should().BeEmpty();
        choice.Sample.Should().BeEmpty();
        choice.Left.Select(c => c.Line).Should().Equal(4);
    }

    [Fact]
    public void Choose_SampleInsideTheBudget_AuditHoldsAtMostTheBudget()
    {
        var candidates = Enumerable.Range(1, 100)
            .Select(i => i <= 40 ? Flagged(i, i / 100.0, i / 1000.0) : Clean(i, i / 1000.0)).ToList();

        var choice = AuditBudget.Choose(candidates, new RouteOptions { MaxAuditShare = 0.15, SampleRate = 0.05 });

        (choice.Ranked.Count + choice.Sample.Count).Should().Be(15);
        choice.Sample.Should().HaveCount(5);
        choice.Ranked.Should().Equal(Enumerable.Range(31, 10).Reverse());
        // The sample is drawn from everything the ranking left, flagged objects past the cut included, within bands
        // of p_wrong: the smallest draws of the band under 0.05 (1-4, 41-100), of 0.05-0.2 (5-19) and of 0.2 up
        // (20-30), each band two while the sample lasts.
        choice.Sample.Should().Equal(1, 2, 5, 6, 20);
        choice.Left.Should().HaveCount(25);
    }

    [Fact]
    public void Choose_SampleRateAboveTheBudget_WholeBudgetIsSampleAndTheShortfallIsCounted()
    {
        var candidates = Enumerable.Range(1, 40).Select(i => Clean(i, i / 100.0)).ToList();

        var choice = AuditBudget.Choose(candidates, new RouteOptions { MaxAuditShare = 0.15, SampleRate = 0.2 });

        choice.Sample.Should().HaveCount(6);
        choice.Ranked.Should().BeEmpty();
        choice.SampleWanted.Should().Be(8);
    }

    [Fact]
    public void Choose_ZeroRate_NoSampleAndTheWholeBudgetRanked()
    {
        var candidates = Enumerable.Range(1, 10).Select(i => Flagged(i, i / 10.0))
            .Concat(Enumerable.Range(11, 10).Select(i => Clean(i, 0.5))).ToList();

        var choice = AuditBudget.Choose(candidates, new RouteOptions { MaxAuditShare = 0.2, SampleRate = 0 });

        choice.Sample.Should().BeEmpty();
        choice.Ranked.Should().Equal(10, 9, 8, 7);
    }

    [Fact]
    public async Task RouteAsync_UnflaggedLabelOfHighPWrong_TakenBeforeAFlaggedOneOfLowPWrong()
    {
        List<string> manifest =
        [
            Line(0, Person(needsReview: true) with { PWrong = 0.1 }),
            Line(1, Person() with { PWrong = 0.6 }),
            .. Enumerable.Range(2, 8).Select(i => Line(i, Person() with { PWrong = 0.01 })),
        ];
        var output = new StringWriter();

        var summary = await AuditRouter.RouteAsync(new StringReader(string.Join('\n', manifest)), output,
            new RouteOptions { MaxAuditShare = 0.1, SampleRate = 0 });

        var line = Json(Lines(output.ToString()).Single());
        line.GetProperty("gtpose-audit").GetProperty("line").GetInt32().Should().Be(2);
        line.GetProperty("gtpose-audit").GetProperty("reasons")[0].GetString().Should().Be(AuditHint.HighPWrong);
        summary.Ranked.Should().Be(1);
        summary.Left!.Single().Line.Should().Be(1);
    }

    [Fact]
    public async Task RouteAsync_OverBudget_SummaryListsThemWithTheWrongLabelsExpected()
    {
        var manifest = Enumerable.Range(0, 20).Select(i => Line(i, Person(needsReview: i < 6) with
        {
            PWrong = i < 6 ? 0.1 * (i + 1) : 0.01,
        })).ToList();
        var output = new StringWriter();

        var summary = await AuditRouter.RouteAsync(new StringReader(string.Join('\n', manifest)), output,
            new RouteOptions { MaxAuditShare = 0.2, SampleRate = 0.05 });

        // A budget of 4: one QA object, then p_wrong 0.6, 0.5, 0.4; 0.3, 0.2 and 0.1 are left (unless drawn).
        summary.Budget.Should().Be(4);
        summary.Flagged.Should().Be(3);
        summary.Left!.Select(l => l.PWrong).Should().BeInDescendingOrder();
        summary.OverBudgetExpectedWrong.Should().BeApproximately(summary.Left!.Sum(l => l.PWrong), 1e-9);
        summary.OverBudget.Should().Be(summary.Left!.Count).And.BeInRange(2, 3);
        summary.Left![0].SourceRef.Should().StartWith("s3://bucket/images/");
    }

    [Fact]
    public void PWrong_StatedOnTheLabel_TakenAsIs()
    {
        var line = Json(Line(1, Person(needsReview: true) with { PWrong = 0.42 }));

        AuditRisk.PWrong(line, "pose", Person(needsReview: true) with { PWrong = 0.42 }).Should().Be(0.42);
    }

    [Fact]
    public void PWrong_StatedInTheMetadata_TakenWhenTheLabelHasNone()
    {
        var node = JsonNode.Parse(Line(1, Person()))!.AsObject();
        node["pose-metadata"]!["p_wrong"] = 0.3;

        AuditRisk.PWrong(Json(node.ToJsonString()), "pose", Person()).Should().Be(0.3);
    }

    [Theory]
    [InlineData(false, ReviewReasons.LowConfidence, 0.9, 0.02)]
    [InlineData(true, ReviewReasons.LowConfidence, 0.5, 0.25)]
    [InlineData(true, ReviewReasons.SidesContradictFace, 0.9, 0.37)]
    [InlineData(true, ReviewReasons.DisputedInstanceCount, 0.9, 0.62)]
    public void PWrong_NoneStated_TheFallbackEstimateInTheReasonOrder(
        bool flagged, string reason, double confidence, double expected)
    {
        var label = Label(flagged, flagged ? [reason] : [], Fixtures.Person("skeleton_1", 100, 100, 300));
        label = label with { Instances = [label.Instances[0] with { Confidence = confidence }] };

        AuditRisk.PWrong(Json(Line(1, label)), "pose", label).Should().BeApproximately(expected, 1e-9);
    }
}
