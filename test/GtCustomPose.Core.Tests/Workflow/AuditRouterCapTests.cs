using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Workflow;
using static GtCustomPose.Core.Tests.Workflow.WorkflowFixtures;

namespace GtCustomPose.Core.Tests.Workflow;

public sealed class AuditRouterCapTests
{
    private static ConsolidatedLabel Flagged(string reason, double confidence)
    {
        var label = Label(true, [reason], Fixtures.Person("skeleton_1", 100, 100, 300));
        return label with { Instances = [label.Instances[0] with { Confidence = confidence }] };
    }

    private static async Task<(RouteSummary Summary, string[] Lines)> Route(
        IEnumerable<string> level1, double cap, double rate = 0, long seed = 1)
    {
        var output = new StringWriter();
        var summary = await AuditRouter.RouteAsync(
            new StringReader(string.Join('\n', level1)),
            output,
            new RouteOptions { SampleRate = rate, Seed = seed, MaxAuditShare = cap });
        return (summary, Lines(output.ToString()));
    }

    private static int[] RoutedLines(string[] lines) =>
        lines.Select(l => Json(l).GetProperty("gtpose-audit").GetProperty("line").GetInt32()).ToArray();

    private static string Reason(string line) =>
        Json(line).GetProperty("gtpose-audit").GetProperty("reasons")[0].GetString()!;

    // Lines 1-4 flagged (low confidence alone at 0.70, a disputed count, left/right against the face, low confidence
    // at 0.50), lines 5-20 need no review.
    private static List<string> Mixed() =>
    [
        Line(0, Flagged(ReviewReasons.LowConfidence, 0.70)),
        Line(1, Flagged(ReviewReasons.DisputedInstanceCount, 0.95)),
        Line(2, Flagged(ReviewReasons.SidesContradictFace, 0.90)),
        Line(3, Flagged(ReviewReasons.LowConfidence, 0.50)),
        .. Enumerable.Range(4, 16).Select(i => Line(i, Person())),
    ];

    [Fact]
    public async Task RouteAsync_CapBelowTheFlaggedCount_SendsTheRiskiestInInputOrder()
    {
        var (summary, lines) = await Route(Mixed(), cap: 0.15);

        // 15% of 20 objects is 3: the disputed count, the face contradiction, then the less confident of the two.
        RoutedLines(lines).Should().Equal(2, 3, 4);
        summary.Selected.Should().Be(3);
        summary.Flagged.Should().Be(3);
        summary.OverBudget.Should().Be(1);
    }

    [Fact]
    public async Task RouteAsync_BudgetOfOne_EveryObjectAudited()
    {
        var manifest = Mixed().Append(Line(30, null)).ToList();

        var (summary, lines) = await Route(manifest, cap: 1, rate: 0.3);

        // 30% of 21 objects rounds to 6 QA objects; the four flagged and ten others go by p_wrong.
        summary.Flagged.Should().Be(4);
        summary.NoLabel.Should().Be(1);
        summary.Sampled.Should().Be(6);
        summary.Ranked.Should().Be(10);
        summary.OverBudget.Should().Be(0);
        lines.Should().HaveCount(21);
    }

    [Fact]
    public async Task RouteAsync_CapSmallerThanTheObjectsWithoutALabel_SendsThemAllAndNoFlagged()
    {
        var manifest = Mixed().Concat(Enumerable.Range(40, 3).Select(i => Line(i, null))).ToList();

        var (summary, lines) = await Route(manifest, cap: 0.05);

        summary.NoLabel.Should().Be(3);
        summary.Flagged.Should().Be(0);
        summary.OverBudget.Should().Be(4);
        lines.Select(Reason).Should().OnlyContain(r => r == AuditHint.NoLabel);
    }

    [Fact]
    public async Task RouteAsync_DrawnFlaggedObjectPastTheCut_GoesAsQaSampleWithItsReasons()
    {
        // Twenty flagged objects alike but for their confidence, then 80 that need no review. A budget of 10 holds
        // a QA reserve of 5 and the 5 least confident flagged objects; the sample is the 5 smallest draws among the
        // other 95, so flagged objects past the cut may be drawn.
        var manifest = Enumerable.Range(0, 20)
            .Select(i => Line(i, Flagged(ReviewReasons.LowConfidence, 0.30 + i * 0.02)))
            .Concat(Enumerable.Range(20, 80).Select(i => Line(i, Person())))
            .ToList();
        var drawn = Enumerable.Range(5, 95)
            .OrderBy(i => AuditRouter.Draw(5, $"s3://bucket/images/{i:D5}.png")).Take(5).ToHashSet();

        var (summary, lines) = await Route(manifest, cap: 0.1, rate: 0.05, seed: 5);

        summary.Selected.Should().Be(10);
        var byLine = lines.ToDictionary(l => Json(l).GetProperty("gtpose-audit").GetProperty("line").GetInt32() - 1);
        byLine.Keys.Should().BeEquivalentTo(Enumerable.Range(0, 5).Concat(drawn));
        drawn.Should().Contain(i => i < 20, "the test needs a drawn flagged object past the cut");
        foreach (var i in byLine.Keys.Where(i => i < 20))
        {
            var reasons = Json(byLine[i]).GetProperty("gtpose-audit").GetProperty("reasons")
                .EnumerateArray().Select(r => r.GetString()).ToList();
            reasons.Should().Equal(
                i >= 5 ? [AuditHint.QaSample, ReviewReasons.LowConfidence] : [ReviewReasons.LowConfidence],
                $"object {i} is {(i >= 5 ? "drawn past the cut" : "ranked within the budget")}");
        }
        summary.OverBudget.Should().Be(15 - drawn.Count(i => i < 20));
        summary.Left!.Select(l => l.Line - 1).Should().BeEquivalentTo(
            Enumerable.Range(5, 15).Where(i => !drawn.Contains(i)));
    }

    [Fact]
    public async Task RouteAsync_EveryFlaggedObjectFits_FlaggedObjectsStayFlaggedAndTheSampleIsOfTheRest()
    {
        var manifest = Enumerable.Range(0, 200)
            .Select(i => Line(i, i < 10 ? Flagged(ReviewReasons.LowConfidence, 0.5) : Person()))
            .ToList();

        var (summary, lines) = await Route(manifest, cap: 0.5, rate: 0.2);

        summary.OverBudget.Should().Be(0);
        summary.Flagged.Should().Be(10);
        summary.Sampled.Should().Be(40);
        lines.Take(10).Select(Reason).Should().OnlyContain(r => r == ReviewReasons.LowConfidence);
    }

    [Fact]
    public async Task RouteAsync_SameInputsAndCap_SameLines()
    {
        var manifest = Enumerable.Range(0, 300)
            .Select(i => Line(i, Flagged(i % 2 == 0 ? ReviewReasons.LowConfidence : ReviewReasons.SidesContradictFace,
                0.4 + i % 7 * 0.05)))
            .ToList();

        var first = await Route(manifest, cap: 0.3, rate: 0.1);
        var second = await Route(manifest, cap: 0.3, rate: 0.1);

        second.Lines.Should().Equal(first.Lines);
        first.Lines.Should().HaveCount(90);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public async Task RouteAsync_CapOutsideZeroToOne_Throws(double cap)
    {
        var act = () => Route([Line(0, Person())], cap);

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("*largest audit share*");
    }
}
