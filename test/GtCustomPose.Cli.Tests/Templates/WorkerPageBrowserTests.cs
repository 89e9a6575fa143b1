using System.Net;
using System.Text.Json;
using GtCustomPose.Cli.Jobs;
using GtCustomPose.Core;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Templates;

/// <summary>
/// The worker page in Debian's headless chromium, driven with real mouse and keyboard input through puppeteer-core
/// (test/browser/worker-page.mjs); the submitted answer is read by <see cref="AnswerParser"/>.
/// </summary>
public sealed class WorkerPageBrowserTests : IDisposable
{
    private const string Hostile = "</script><script>window.pwned=1</script><b data-injected=1>'\"&";
    private static readonly ImageSize Size = new(640, 480);
    private static readonly Rig Coco = Rig.Coco17;
    private readonly WorkerPage _page = new();

    /// <summary>Two people apart from each other, every keypoint inside the image.</summary>
    private static List<SkeletonInstance> TwoPeople()
    {
        var simulator = new WorkerSimulator(Coco, new SimulationSettings { ImageSize = Size }, 11);
        for (var attempt = 0; ; attempt++)
        {
            var people = new[] { simulator.RandomFigure(Size), simulator.RandomFigure(Size) }
                .Select((f, n) => new SkeletonInstance(
                    $"person_{n + 1}",
                    Coco.Keypoints
                        .Select((k, i) => new Keypoint(k.Label, Math.Round(f.X[i], 2), Math.Round(f.Y[i], 2)))
                        .ToArray()))
                .ToList();
            var inside = people.All(p => p.Keypoints.All(k => k.X is > 5 and < 635 && k.Y is > 5 and < 475));
            var apart = people[0].Keypoints.All(a =>
                people[1].Keypoints.All(b => double.Hypot(a.X - b.X, a.Y - b.Y) > 30));
            if (inside && apart) return people;
            attempt.Should().BeLessThan(200, "the simulator draws two separate figures now and then");
        }
    }

    private static object Point(Keypoint k) => new { x = k.X, y = k.Y };

    [Fact]
    public async Task SkeletonPage_TwoPeopleByClicks_SubmitsTheIntendedPoints()
    {
        var people = TwoPeople();
        var (p1, p2) = (people[0], people[1]);
        var image = WorkerPage.Image(Size, people);
        var url = _page.Render(WorkerPage.TaskInput(Coco, "s3://bucket/images/two.png"), image, "/two.html");
        var wrist = p1.Keypoints.Single(k => k.Label == "left_wrist");
        var dragTo = new Keypoint("left_wrist", wrist.X + 25.5, wrist.Y - 14.25);
        var knee = p2.Keypoints.Single(k => k.Label == "right_knee");
        var nose = p1.Keypoints.Single(k => k.Label == "nose");
        var earIndex = Coco.IndexOf("left_ear");
        var centre = new { x = p2.Keypoints.Average(k => k.X), y = p2.Keypoints.Average(k => k.Y) };

        var result = await _page.RunAsync(url, 1280, 720, "label",
            new { @do = "record", name = "fitted" },
            new { @do = "screenshot", file = "worker-01-fitted-1280.png" },
            new { @do = "place", name = "p1", points = p1.Keypoints.Select(Point) },
            new { @do = "screenshot", file = "worker-02-first-person.png" },
            new { @do = "add-person" },
            new { @do = "wheel", centre.x, centre.y, deltaY = -400 },
            new { @do = "modifier-drag", key = "Shift", dx = -40, dy = 30 },
            new { @do = "keys", keys = new[] { "+" } },
            new { @do = "record", name = "before-arrows" },
            new { @do = "keys", keys = new[] { "ArrowRight", "ArrowDown" } },
            new { @do = "record", name = "after-arrows" },
            new
            {
                @do = "place",
                name = "p2",
                points = p2.Keypoints.Select((k, i) => i == earIndex ? (object)new { skip = true } : Point(k)),
            },
            new { @do = "record", name = "zoomed" },
            new { @do = "screenshot", file = "worker-03-second-person-zoomed.png" },
            new { @do = "click", selector = ".points li", index = earIndex },
            new { @do = "place", name = "ear", points = new[] { Point(p2.Keypoints[earIndex]) } },
            new { @do = "keys", keys = new[] { "0" } },
            new { @do = "record", name = "refitted" },
            new { @do = "drag", from = Point(wrist), to = Point(dragTo) },
            new { @do = "click-point", x = knee.X, y = knee.Y },
            new { @do = "keys", keys = new[] { "o" } },
            new { @do = "facing", person = 1, type = "facing away" },
            new { @do = "record", name = "faced" },
            new { @do = "click-point", x = nose.X, y = nose.Y },
            new { @do = "keys", keys = new[] { "Delete" } },
            new { @do = "record", name = "deleted" },
            new { @do = "chord", keys = new[] { "Control", "z" } },
            new { @do = "record", name = "undone" },
            new { @do = "chord", keys = new[] { "Control", "y" } },
            new { @do = "record", name = "redone" },
            new { @do = "chord", keys = new[] { "Control", "z" } },
            new { @do = "rename", person = 0, name = "alice" },
            new { @do = "record", name = "final" },
            new { @do = "screenshot", file = "worker-04-two-people-done.png" },
            new { @do = "submit" });

        var fitted = result.State("fitted").GetProperty("view");
        var scale = Math.Min(fitted.Number("width") / Size.Width, fitted.Number("height") / Size.Height);
        fitted.Number("scale").Should()
            .BeApproximately(scale, 1e-9, "the page opens with the whole image fitted to the view");
        fitted.Number("tx").Should()
            .BeApproximately((fitted.Number("width") - Size.Width * scale) / 2, 1e-6, "centred");
        fitted.Number("ty").Should()
            .BeApproximately((fitted.Number("height") - Size.Height * scale) / 2, 1e-6, "centred");
        result.State("zoomed").GetProperty("view").Number("scale").Should()
            .BeGreaterThan(scale * 1.8, "wheel and + zoomed in");
        var (before, after) =
            (result.State("before-arrows").GetProperty("view"), result.State("after-arrows").GetProperty("view"));
        (after.Number("tx") - before.Number("tx")).Should().Be(-60, "the right arrow pans");
        (after.Number("ty") - before.Number("ty")).Should().Be(-60, "the down arrow pans");
        result.State("refitted").GetProperty("view").Number("scale").Should()
            .BeApproximately(scale, 1e-9, "0 fits again");

        var next = result.Root.GetProperty("states").GetProperty("p1:next").EnumerateArray()
            .Select(n => n.GetString()!)
            .ToList();
        next[0].Should().Be("Next for person_1: nose");
        next[Coco.IndexOf("left_wrist")].Should().Be("Next for person_1: subject's LEFT wrist");
        next[Coco.IndexOf("right_ankle")].Should().Be("Next for person_1: subject's RIGHT ankle");

        result.State("faced").GetProperty("facings").EnumerateArray().Select(f => f.GetString())
            .Should().Equal(["unknown", "back"], "typed into the list: " + result.State("faced"));
        Instances(result.State("faced").GetProperty("value")).Should().HaveCount(2);
        var zoomed = Instances(result.State("zoomed").GetProperty("value"));
        zoomed[1].Keypoints.Select(k => k.Label)
            .Should().NotContain("left_ear", "the skipped keypoint is not placed").And.HaveCount(16);
        Instances(result.State("deleted").GetProperty("value"))[0].Keypoints.Select(k => k.Label)
            .Should().NotContain("nose");
        Instances(result.State("undone").GetProperty("value"))[0].Keypoints.Should().Contain(k => k.Label == "nose");
        Instances(result.State("redone").GetProperty("value"))[0].Keypoints.Select(k => k.Label)
            .Should().NotContain("nose", "redo deletes it again");

        var answer = result.Answer(Coco);
        answer.Format.Should().Be(AnswerFormat.Crowd2dSkeleton);
        answer.Problems.Should().BeEmpty();
        answer.ImageSize.Should().Be(Size);
        answer.Instances.Should().HaveCount(2);
        var expected1 = p1.Keypoints.Select(k => k.Label == "left_wrist" ? dragTo : k).ToList();
        ShouldMatch(answer.Instances[0], expected1);
        ShouldMatch(answer.Instances[1], p2.Keypoints);
        answer.Instances[0].Name.Should().Be("alice");
        answer.Instances.Select(i => i.Facing).Should().Equal(Facing.Unknown, Facing.Back);
        answer.Instances[1].Keypoints.Where(k => k.Visible == false).Select(k => k.Label).Should().Equal("right_knee");
        answer.Instances.SelectMany(i => i.Keypoints)
            .Should().OnlyContain(k => k.Visible != null, "the page states each");

        // visible and facing on the raw answer, in the key order the fast reader expects.
        var updated = result.Submitted.GetProperty("updated_annotations").GetString()!;
        updated.Should().StartWith(
            "[{\"name\":\"alice\",\"facing\":\"unknown\",\"annotations\":[{\"label\":\"nose\",\"x\":");
        var skeletons = JsonDocument.Parse(updated).RootElement;
        skeletons[1].GetProperty("facing").GetString().Should().Be("back");
        skeletons[1].GetProperty("annotations").EnumerateArray()
            .Where(a => !a.GetProperty("visible").GetBoolean()).Select(a => a.GetProperty("label").GetString())
            .Should().Equal("right_knee");
        skeletons[0].GetProperty("annotations").EnumerateArray()
            .Should().OnlyContain(a => a.GetProperty("visible").GetBoolean());
        skeletons[1].GetProperty("annotations")[0].EnumerateObject().Select(p => p.Name)
            .Should().Equal("label", "x", "y", "visible");
        result.Submitted.GetProperty("no_changes_needed").GetString().Should().Be("false");
        result.Submitted.GetProperty("original_annotations").GetString().Should().Be("[]");
        double.Parse(
                result.Submitted.GetProperty("total_time_in_seconds").GetString()!,
                System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeGreaterThan(0);
        result.ShouldBeClean();
    }

    [Fact]
    public async Task SkeletonPage_InitialValuesAndAudit_ShownEditableAndHighlighted()
    {
        var people = TwoPeople();
        var initial = people.Select((p, n) => new SkeletonInstance(
            $"skeleton_{n + 1}",
            p.Keypoints.Select(k => k with { Visible = k.Label != "left_ankle" }).ToArray(),
            n == 0 ? Facing.Front : Facing.Unknown)).ToList();
        var audit = new
        {
            reasons = new[] { "low_confidence", "left_right_contradicts_face" },
            doubtful = new[]
            {
                new
                {
                    instance = "skeleton_1",
                    reasons = new[] { "low_confidence" },
                    keypoints = new[] { "left_wrist", "right_wrist" },
                },
            },
            source_job = "level1",
            label_attribute = "pose",
        };
        var input = WorkerPage.TaskInput(Coco, "s3://bucket/images/two.png", initial, audit);
        var url = _page.Render(input, WorkerPage.Image(Size, people), "/initial.html");
        var shoulder = initial[0].Keypoints.Single(k => k.Label == "left_shoulder");
        var moved = shoulder with { X = shoulder.X + 20, Y = shoulder.Y + 10.5 };

        var result = await _page.RunAsync(url, 1920, 1080, "initial",
            new { @do = "record", name = "initial" },
            new { @do = "screenshot", file = "worker-05-initial-values-audit-1920.png" },
            new { @do = "drag", from = Point(shoulder), to = Point(moved) },
            new { @do = "record", name = "moved" },
            new { @do = "click", selector = "#no-changes" },
            new { @do = "record", name = "no-changes" },
            new { @do = "chord", keys = new[] { "Control", "z" } },
            new { @do = "record", name = "undone" },
            new { @do = "chord", keys = new[] { "Control", "y" } },
            new { @do = "record", name = "redone" },
            new { @do = "chord", keys = new[] { "Control", "z" } },
            new { @do = "submit" });

        var first = result.State("initial");
        Instances(first.GetProperty("value")).Should().HaveCount(2);
        ShouldMatch(Instances(first.GetProperty("value"))[0], initial[0].Keypoints);
        var original = JsonDocument.Parse(
            first.GetProperty("value").GetProperty("original_annotations").GetString()!).RootElement;
        original[0].GetProperty("facing").GetString().Should().Be("front");
        original[1].GetProperty("facing").GetString().Should().Be("unknown");
        original[0].GetProperty("annotations").EnumerateArray()
            .Single(a => a.GetProperty("label").GetString() == "left_ankle")
            .GetProperty("visible").GetBoolean().Should().BeFalse("an initial value's visibility is shown as given");
        first.GetProperty("audit").GetString().Should()
            .Contain("low_confidence")
            .And.Contain("left_right_contradicts_face")
            .And.Contain("skeleton_1: subject's LEFT wrist, subject's RIGHT wrist");
        first.GetProperty("doubtfulPeople").GetInt32().Should().Be(1);
        first.GetProperty("doubtfulPoints").GetInt32().Should()
            .Be(2, "the doubtful skeleton is selected and its two doubtful keypoints marked");

        Instances(result.State("moved").GetProperty("value"))[0].Keypoints.Single(k => k.Label == "left_shoulder")
            .X.Should().BeApproximately(moved.X, 0.5);
        var noChanges = result.State("no-changes").GetProperty("value");
        noChanges.GetProperty("no_changes_needed").GetBoolean().Should().BeTrue();
        noChanges.GetProperty("updated_annotations").GetString()
            .Should().Be(noChanges.GetProperty("original_annotations").GetString());

        var answer = result.Answer(Coco);
        answer.NoChangesNeeded.Should().BeFalse("undo took the box back");
        answer.WasModified.Should().BeTrue();
        ShouldMatch(
            answer.Instances[0], initial[0].Keypoints.Select(k => k.Label == "left_shoulder" ? moved : k).ToList());
        ShouldMatch(answer.Instances[1], initial[1].Keypoints);
        result.ShouldBeClean();
    }

    [Fact]
    public async Task SkeletonPage_HostileLabelsNamesAndUri_StayInertText()
    {
        var rig = new Rig("rig " + Hostile,
            [
                new KeypointClass("nose", "#2ca02c", 0.03),
                new KeypointClass("left_" + Hostile, "#1f77b4", 0.05),
                new KeypointClass("right_" + Hostile, "#ff7f0e", 0.05),
            ],
            [new RigEdge("nose", "left_" + Hostile, "#1f77b4"), new RigEdge("nose", "right_" + Hostile, "#ff7f0e")]);
        var initial = new SkeletonInstance(
            "s" + Hostile, [new Keypoint("nose", 320, 100), new Keypoint("left_" + Hostile, 350, 200)]);
        var audit = new
        {
            reasons = new[] { Hostile },
            doubtful = new[]
            {
                new { instance = "s" + Hostile, reasons = new[] { Hostile }, keypoints = new[] { "nose" } },
            },
        };
        var url = _page.Render(WorkerPage.TaskInput(rig, "s3://bucket/images/it's <odd>.png", [initial], audit),
            WorkerPage.Image(Size, []), "/hostile.html");

        var result = await _page.RunAsync(url, 1280, 720, "hostile",
            new { @do = "record", name = "shown" },
            new { @do = "place", name = "right", points = new[] { new { x = 290.0, y = 200.0 } } },
            new { @do = "screenshot", file = "worker-06-hostile-labels.png" },
            new { @do = "submit" });

        result.Root.GetProperty("injected").GetBoolean()
            .Should().BeFalse("no script or element may come from task input");
        var side = result.State("shown").GetProperty("side").GetString()!;
        side.Should().Contain("s" + Hostile, "a name is shown as text")
            .And.Contain("subject's LEFT " + Hostile)
            .And.Contain(Hostile);
        var answer = result.Answer(rig);
        answer.Instances.Should().ContainSingle().Which.Name.Should().Be("s" + Hostile);
        answer.Instances[0].Keypoints.Select(k => k.Label)
            .Should().Equal("nose", "left_" + Hostile, "right_" + Hostile);
        answer.Instances[0].Keypoints[2].X.Should().BeApproximately(290, 0.5);
        result.ShouldBeClean();
    }

    private static List<SkeletonInstance> Instances(JsonElement value) =>
        AnswerParser.Parse("page", value.GetRawText(), Coco).Instances.ToList();

    private static void ShouldMatch(SkeletonInstance actual, IReadOnlyList<Keypoint> expected)
    {
        actual.Keypoints.Select(k => k.Label).Should().Equal(expected.Select(k => k.Label));
        foreach (var (a, e) in actual.Keypoints.Zip(expected))
        {
            a.X.Should().BeApproximately(e.X, 0.5, $"{actual.Name} {a.Label} x");
            a.Y.Should().BeApproximately(e.Y, 0.5, $"{actual.Name} {a.Label} y");
        }
    }

    public void Dispose() => _page.Dispose();
}
