using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Workflow;
using static GtCustomPose.Core.Tests.Workflow.WorkflowFixtures;

namespace GtCustomPose.Core.Tests.Workflow;

public sealed class AuditRouterTests
{
    private static async Task<(RouteSummary Summary, string[] Lines)> Route(
        IEnumerable<string> level1,
        double rate = 0.1,
        long seed = 1,
        double? share = null)
    {
        var output = new StringWriter();
        var summary = await AuditRouter.RouteAsync(
            new StringReader(string.Join('\n', level1)),
            output,
            // The manifests below are 10% flagged and 10% without a label: by default the budget holds those and the
            // QA sample, as a route without p_wrong's ranking would.
            new RouteOptions { SampleRate = rate, Seed = seed, MaxAuditShare = share ?? Math.Min(1, 0.2 + rate) });
        return (summary, Lines(output.ToString()));
    }

    private static List<string> Manifest(int count) =>
        Enumerable.Range(0, count).Select(i => Line(i, i % 10 == 3 ? null : Person(needsReview: i % 10 == 5))).ToList();

    [Fact]
    public async Task RouteAsync_SameInputsAndSeed_SameSelectionLineForLine()
    {
        var manifest = Manifest(500);

        var first = await Route(manifest);
        var second = await Route(manifest);

        second.Lines.Should().Equal(first.Lines);
        first.Summary.Sampled.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task RouteAsync_OtherSeed_OtherSample()
    {
        var manifest = Manifest(500);

        var first = await Route(manifest, seed: 1);
        var other = await Route(manifest, seed: 2);

        other.Lines.Should().NotEqual(first.Lines);
        other.Summary.Flagged.Should().Be(first.Summary.Flagged);
    }

    private static HashSet<string> Sampled(string[] lines) => lines.Select(Json)
        .Where(l => l.GetProperty("gtpose-audit").GetProperty("reasons")[0].GetString() == "qa_sample")
        .Select(l => l.GetProperty("source-ref").GetString()!).ToHashSet();

    [Fact]
    public async Task RouteAsync_LinesReordered_SameObjectsSampled()
    {
        var manifest = Manifest(500);
        var reversed = Enumerable.Reverse(manifest).ToList();

        var forward = await Route(manifest);
        var backward = await Route(reversed);

        Sampled(backward.Lines).Should().BeEquivalentTo(Sampled(forward.Lines)).And.HaveCount(50);
    }

    [Fact]
    public async Task RouteAsync_SampleOfTheRest_TheSmallestDrawsAmongThem()
    {
        var manifest = Manifest(500);

        var (_, lines) = await Route(manifest, rate: 0.05);

        var rest = Enumerable.Range(0, 500).Where(i => i % 10 is not (3 or 5))
            .Select(i => $"s3://bucket/images/{i:D5}.png");
        Sampled(lines).Should().BeEquivalentTo(rest.OrderBy(k => AuditRouter.Draw(1, k)).Take(25));
    }

    [Fact]
    public async Task RouteAsync_SmallJob_StillGetsItsQaSample()
    {
        // 40 objects at the default 5% and 15%: two QA objects inside a budget of six, whatever the draws.
        var manifest = Enumerable.Range(0, 40).Select(i => Line(i, Person())).ToList();

        var (summary, lines) = await Route(manifest, rate: RouteOptions.DefaultSampleRate,
            share: RouteOptions.DefaultMaxAuditShare);

        summary.Sampled.Should().Be(2);
        summary.Budget.Should().Be(6);
        Sampled(lines).Should().HaveCount(2);
    }

    [Fact]
    public async Task RouteAsync_EveryFlaggedAndUnlabeledObject_PlusASampleOfTheRest()
    {
        var (summary, lines) = await Route(Manifest(1000), rate: 0.2);

        summary.Objects.Should().Be(1000);
        summary.Flagged.Should().Be(100);
        summary.NoLabel.Should().Be(100);
        // 20% of the 1,000 objects, from the 800 that need no review once every flagged one fits.
        summary.Sampled.Should().Be(200);
        lines.Should().HaveCount(summary.Selected);
        var reasons = lines
            .Select(l => Json(l).GetProperty("gtpose-audit").GetProperty("reasons")[0].GetString())
            .ToList();
        reasons.Count(r => r == "low_confidence").Should().Be(100);
        reasons.Count(r => r == "no_label").Should().Be(100);
    }

    [Theory]
    [InlineData(0.0, 0)]
    // The sample comes out of the budget first: at rate 1 it takes every labeled object, flagged ones included.
    [InlineData(1.0, 900)]
    public async Task RouteAsync_RateAtItsEnds_NoneOrEveryLabeledObject(double rate, int sampled)
    {
        var (summary, _) = await Route(Manifest(1000), rate);

        summary.Sampled.Should().Be(sampled);
    }

    [Fact]
    public void InSample_ManyKeys_DrawsTheRate()
    {
        var drawn = Enumerable.Range(0, 20_000).Count(i => AuditRouter.InSample(7, $"s3://b/{i}.png", 0.05));

        // 1,000 expected; the binomial's standard deviation is about 31.
        drawn.Should().BeInRange(900, 1100);
    }

    [Fact]
    public async Task RouteAsync_AuditLine_KeepsTheLineAndAddsTheHint()
    {
        var line = Line(4, Person(needsReview: true));

        var (_, lines) = await Route([line], rate: 0, share: 1);

        var audit = Json(lines.Single());
        var original = Json(line);
        audit.GetProperty("camera").GetString().Should().Be("north");
        audit.GetProperty("source-ref").GetString().Should().Be(original.GetProperty("source-ref").GetString());
        audit.GetProperty("pose").GetRawText().Should().Be(original.GetProperty("pose").GetRawText());
        var hint = audit.GetProperty("gtpose-audit");
        hint.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).Should().Equal("low_confidence");
        hint.GetProperty("source_job").GetString().Should().Be("level1");
        hint.GetProperty("label_attribute").GetString().Should().Be("pose");
        hint.GetProperty("line").GetInt32().Should().Be(1);
        hint.GetProperty("doubtful")[0].GetProperty("instance").GetString().Should().Be("skeleton_1");
    }

    [Fact]
    public void Choose_SkeletonReasons_OnlyThoseSkeletonsWithTheirDoubtfulKeypoints()
    {
        var label = Label(
            true,
            ["left_right_contradicts_face", "low_confidence"],
            Fixtures.Person("a", 100, 100),
            Fixtures.Person("b", 600, 100));
        var b = label.Instances[1];
        var keypoints = b.Keypoints.Select(k => k.Label switch
        {
            "left_wrist" => k with { Confidence = 0.3 },
            "right_ankle" => k with { Votes = 1 },
            _ => k,
        }).ToArray();
        label = label with
        {
            Instances = [label.Instances[0], b with { Keypoints = keypoints, ReviewReasons = ["low_confidence"] }],
        };

        var hint = AuditRouter.Choose(Json(Line(1, label)), 1, new RouteOptions())!;

        hint.Reasons.Should().Equal("left_right_contradicts_face", "low_confidence");
        hint.Doubtful.Should().ContainSingle();
        hint.Doubtful[0].Instance.Should().Be("b");
        hint.Doubtful[0].Reasons.Should().Equal("low_confidence");
        hint.Doubtful[0].Keypoints.Should().Equal("left_wrist", "right_ankle");
    }

    [Fact]
    public void Choose_FlaggedWithoutSkeletonReasons_EverySkeletonIsDoubtful()
    {
        var label = Label(
            true,
            ["disputed_instance_count"],
            Fixtures.Person("a", 100, 100),
            Fixtures.Person("b", 600, 100));

        var hint = AuditRouter.Choose(Json(Line(1, label)), 1, new RouteOptions())!;

        hint.Doubtful.Select(d => d.Instance).Should().Equal("a", "b");
        hint.Doubtful.Should().OnlyContain(d => d.Reasons.SequenceEqual(new[] { "disputed_instance_count" }));
    }

    [Fact]
    public async Task RouteAsync_BadLines_CountedNamedAndNotRouted()
    {
        var lines = new[] { "not json", Line(1, Person()), """{"source-ref": "s3://b/x.png", "pose": "text"}""" };

        var (summary, routed) = await Route(lines, rate: 0);

        summary.Invalid.Should().Be(1);
        summary.Objects.Should().Be(2);
        summary.NoLabel.Should().Be(1);
        routed.Should().ContainSingle().Which.Should().Contain("s3://b/x.png");
        summary.Problems.Should().HaveCount(2);
        summary.Problems[0].Should().StartWith("line 1");
        summary.Problems[1].Should().Contain("line 3 (s3://b/x.png)").And.Contain("'pose' is not a label");
    }

    [Fact]
    public async Task RouteAsync_RateOutOfRange_Throws()
    {
        var act = () =>
            AuditRouter.RouteAsync(new StringReader(""), new StringWriter(), new RouteOptions { SampleRate = 1.5 });

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }
}
