using GtCustomPose.Core;

namespace GtCustomPose.Cli.Tests.Templates;

/// <summary>
/// The worker page's whole-person fixes (flip left and right, move a person) and its layout at 1280×720, driven with
/// real keyboard and mouse input in chromium.
/// </summary>
public sealed partial class WorkerPageBrowserTests
{
    private const string InstructionPhrase = "LEFT and RIGHT are the subject's own sides";

    /// <summary>Each keypoint under its flip partner's label, in rig order: a mirrored skeleton.</summary>
    private static List<Keypoint> Mirrored(IReadOnlyList<Keypoint> keypoints) =>
        keypoints.Select(k => k with { Label = Coco.Keypoints[Coco.FlipIndex[Coco.IndexOf(k.Label)]].Label })
            .OrderBy(k => Coco.IndexOf(k.Label))
            .ToList();

    private static List<Keypoint> Shifted(IReadOnlyList<Keypoint> keypoints, double dx, double dy) =>
        keypoints.Select(k => k with { X = k.X + dx, Y = k.Y + dy }).ToList();

    [Fact]
    public async Task SkeletonPage_MirroredAndOffsetPeople_FixedByFlipAndMoveWithUndo()
    {
        var truth = TwoPeople();
        var (t1, t2) = (truth[0].Keypoints, truth[1].Keypoints);
        // The two commonest errors: person_1 labelled from the worker's own side, person_2 placed off by (30, -20).
        var initial = new List<SkeletonInstance>
        {
            new("person_1", Mirrored(t1)), new("person_2", Shifted(t2, 30, -20)),
        };
        var url = _page.Render(
            WorkerPage.TaskInput(Coco, "s3://bucket/images/fix.png", initial), WorkerPage.Image(Size, truth),
            "/fixes.html");
        var hip = initial[1].Keypoints.Single(k => k.Label == "left_hip");
        var fromEdge = t2.Min(k => k.X);

        var result = await _page.RunAsync(url, 1280, 720, "fixes",
            new { @do = "layout", name = "layout", phrase = InstructionPhrase },
            new { @do = "keys", keys = new[] { "f" } },
            new { @do = "record", name = "flipped" },
            new { @do = "screenshot", file = "worker-07-flipped.png" },
            new { @do = "chord", keys = new[] { "Control", "z" } },
            new { @do = "record", name = "flip-undone" },
            new { @do = "click", selector = "#flip" },
            new { @do = "record", name = "flipped-by-button" },
            new { @do = "drag-tag", person = 1, dx = -30, dy = 20 },
            new { @do = "record", name = "tag-moved" },
            new { @do = "chord", keys = new[] { "Control", "z" } },
            new { @do = "record", name = "move-undone" },
            new { @do = "drag", from = Point(hip), to = new { x = hip.X - 30, y = hip.Y + 20 }, key = "Alt" },
            new { @do = "record", name = "alt-moved" },
            new { @do = "chord", keys = new[] { "Shift", "ArrowRight" } },
            new { @do = "record", name = "nudged" },
            new { @do = "chord", keys = new[] { "Control", "z" } },
            new
            {
                @do = "drag", from = Point(t2[0]), to = new { x = t2[0].X - fromEdge - 40, y = t2[0].Y }, key = "Alt",
            },
            new { @do = "record", name = "at-edge" },
            new { @do = "chord", keys = new[] { "Control", "z" } },
            new { @do = "submit" });

        var layout = result.State("layout");
        layout.GetProperty("scrollY").GetDouble().Should().Be(0);
        var submit = layout.GetProperty("submit");
        submit.ValueKind.Should().Be(System.Text.Json.JsonValueKind.Object, "the form has its Submit button");
        submit.Number("top").Should().BeGreaterThanOrEqualTo(0);
        submit.Number("bottom").Should().BeLessThanOrEqualTo(720, "Submit is in sight without scrolling: " + layout);
        submit.Number("right").Should().BeLessThanOrEqualTo(1280);
        layout.Number("scrollHeight").Should().BeLessThanOrEqualTo(720, "nothing of the page is below the window");
        layout.GetProperty("phraseShown").GetInt32().Should().Be(1, "the instructions are shown once");

        ShouldMatch(Instances(result.State("flipped").GetProperty("value"))[0], t1);
        ShouldMatch(Instances(result.State("flip-undone").GetProperty("value"))[0], initial[0].Keypoints);
        ShouldMatch(Instances(result.State("flipped-by-button").GetProperty("value"))[0], t1);

        ShouldMatch(Instances(result.State("tag-moved").GetProperty("value"))[1], t2);
        ShouldMatch(Instances(result.State("tag-moved").GetProperty("value"))[0], t1);
        ShouldMatch(Instances(result.State("move-undone").GetProperty("value"))[1], initial[1].Keypoints);
        ShouldMatch(Instances(result.State("alt-moved").GetProperty("value"))[1], t2);

        var scale = result.State("alt-moved").GetProperty("view").Number("scale");
        var nudge = 10 / scale;
        ShouldMatch(Instances(result.State("nudged").GetProperty("value"))[1], Shifted(t2, nudge, 0));

        var edge = Instances(result.State("at-edge").GetProperty("value"))[1].Keypoints;
        edge.Min(k => k.X).Should().BeApproximately(0, 0.01, "the move is held back at the image's edge");
        ShouldMatch(
            Instances(result.State("at-edge").GetProperty("value"))[1], Shifted(t2, -fromEdge, 0));

        var answer = result.Answer(Coco);
        answer.Problems.Should().BeEmpty();
        ShouldMatch(answer.Instances[0], t1);
        ShouldMatch(answer.Instances[1], t2);
        answer.WasModified.Should().BeTrue();
        result.ShouldBeClean();
    }

    [Fact]
    public async Task SkeletonPage_RigWithExplicitFlipPairs_FlipExchangesThePairsPartners()
    {
        // Labels without left/right words: only the rig's flip_pairs, sent as each class's mirror, pair them.
        var rig = new Core.Rigs.Rig(
            "paws",
            [new("head", "#2ca02c", 0.05), new("paw_a", "#1f77b4", 0.05), new("paw_b", "#ff7f0e", 0.05)],
            [],
            [("paw_a", "paw_b")]);
        var initial = new SkeletonInstance(
            "cat", [new Keypoint("head", 300, 100), new Keypoint("paw_a", 250, 300), new Keypoint("paw_b", 350, 310)]);
        var url = _page.Render(
            WorkerPage.TaskInput(rig, "s3://bucket/images/cat.png", [initial]),
            WorkerPage.Image(Size, []),
            "/paws.html");

        var result = await _page.RunAsync(url, 1280, 720, "paws",
            new { @do = "keys", keys = new[] { "f" } },
            new { @do = "submit" });

        var answer = result.Answer(rig);
        answer.Instances.Should().ContainSingle();
        ShouldMatch(answer.Instances[0],
            [new Keypoint("head", 300, 100), new Keypoint("paw_a", 350, 310), new Keypoint("paw_b", 250, 300)]);
        result.ShouldBeClean();
    }
}
