using System.Text.Json;
using GtCustomPose.Cli.Templates;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Templates;

/// <summary>Task pages of <c>gtpose run-job</c>: they open from the disk, offline, with our element.</summary>
public sealed class TaskPageTests : IDisposable
{
    private static readonly LiquidRenderer Renderer = new(uri => "../store/" + uri[5..]);
    private readonly WorkerPage _page = new();

    private static string Template(string name) => File.ReadAllText(Repo.PathOf("template", name));

    private static JsonElement Input(string uri) => WorkerPage.TaskInput(Rig.Coco17, uri);

    [Fact]
    public void Render_SkeletonTemplate_ReplacesTheCdnScriptWithALocalCrowdForm()
    {
        var html = TaskPage.Render(Renderer, Template("pose-skeleton.liquid.html"), Input("s3://b/a</script><b>.png"));
        html.Should().NotContain("assets.crowd.aws", "the page must work with no network");
        html.Should().Contain("customElements.define('crowd-form'")
            .And.Contain("customElements.define('gtpose-skeleton'");
        html.Should().MatchRegex(
            @"const GTPOSE_SOURCE_REF = ""s3://b/a\\u003[cC]/script[^<]*"";", "the URI cannot end the script");
        html.Should().Contain("src='../store/b/a&lt;/script&gt;&lt;b&gt;.png'");
    }

    [Fact]
    public void Render_KeypointTemplate_KeepsGroundTruthsScript() =>
        TaskPage.Render(Renderer, Template("pose-keypoint.liquid.html"), Input("s3://b/a.png"))
            .Should().Contain(TaskPage.CrowdElementsTag, "crowd-keypoint is Ground Truth's own element");

    [Fact]
    public async Task RunJob_TaskPageOpenedFromDisk_WorksOfflineAndItsAnswerFeedsTheJob()
    {
        using var dir = new TempFolder("gtpose-offline");
        (await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "1", "--out", dir)).Code.Should().Be(0);
        var page = new Uri(Path.Combine(dir, "tasks", "00000.html")).AbsoluteUri;
        var points = new[] { new { x = 100.25, y = 80.5 }, new { x = 120.0, y = 75.0 }, new { x = 90.0, y = 75.0 } };

        var result = await _page.RunAsync(page, 1280, 720, "offline", true,
            new { @do = "place", name = "local", points },
            new { @do = "screenshot", file = "worker-offline-run-job.png" },
            new { @do = "submit" });

        result.ShouldBeClean();
        var line = result.Root.GetProperty("localAnswer").GetString()!;
        var answer = JsonDocument.Parse(line).RootElement.GetProperty("answer");
        var parsed = AnswerParser.Parse("local", answer.GetRawText(), Rig.Coco17);
        parsed.ImageSize.Should().Be(new Core.ImageSize(640, 480), "the local image loaded");
        parsed.Instances.Should().ContainSingle().Which.Keypoints.Select(k => k.Label)
            .Should().Equal("nose", "left_eye", "right_eye");
        parsed.Instances[0].Keypoints[0].X.Should().BeApproximately(100.25, 0.5);

        var answers = Path.Combine(dir, "answers.jsonl");
        await File.WriteAllTextAsync(answers, line + "\n");
        var (code, output, err) = await Gtpose.RunAsync(
            "run-job", "--manifest", Path.Combine(dir, "input.manifest"), "--answers", answers,
            "--out", Path.Combine(dir, "again"), "--store", Path.Combine(dir, "store"),
            "--job-name", "offline-answers");
        code.Should().Be(0, err);
        output.Should().Contain("labeled            1", "the page's answer is one a job consolidates");
    }

    public void Dispose() => _page.Dispose();
}
