using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GtCustomPose.Cli.Templates;
using GtCustomPose.Core;
using GtCustomPose.Core.Pre;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Templates;

/// <summary>Task templates and the review page in Debian's headless chromium, served on 127.0.0.1.</summary>
public sealed partial class BrowserTests : IDisposable
{
    private const string Hostile = "</script><script>window.pwned=1</script><b data-injected=1>'\"&";
    private readonly StaticServer _server = new();
    private static readonly string Screenshots = Repo.PathOf("artifacts", "screenshots");

    public BrowserTests()
    {
        _server.Add(
            "/assets/crowd-2d-skeleton.js",
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "crowd-elements-stand-in.js")),
            "text/javascript");
        Directory.CreateDirectory(Screenshots);
    }

    private static Rig HostileRig() => new("rig " + Hostile,
        [
            new KeypointClass("nose", "#2ca02c", 0.03),
            new KeypointClass("left_" + Hostile, "#1f77b4", 0.05),
            new KeypointClass("right_" + Hostile, "#ff7f0e", 0.05),
        ],
        [new RigEdge("nose", "left_" + Hostile, "#1f77b4"), new RigEdge("nose", "right_" + Hostile, "#ff7f0e")]);

    private static JsonElement TaskInput(Rig rig, string imageUri, object? annotations = null)
    {
        var evt = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["labelingJobArn"] = "arn:job",
            ["dataObject"] = new Dictionary<string, object>
            {
                ["source-ref"] = imageUri,
                ["annotations"] = annotations ?? new[]
                {
                    new Dictionary<string, object>
                    {
                        ["name"] = "s" + Hostile,
                        ["annotations"] = new object[]
                        {
                            new Dictionary<string, object> { ["label"] = "nose", ["x"] = 320, ["y"] = 100 },
                            new Dictionary<string, object> { ["label"] = "left_" + Hostile, ["x"] = 350, ["y"] = 200 },
                        },
                    },
                },
            },
        }, new JsonSerializerOptions
        {
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        });
        var response = PreAnnotationMapper.Map(JsonDocument.Parse(evt).RootElement, new PreAnnotationSettings(rig));
        return JsonSerializer.SerializeToElement(response.TaskInput, CoreJsonContext.Default.TaskInput);
    }

    private string Render(string template, JsonElement input, string page)
    {
        var renderer = new LiquidRenderer(uri => uri.StartsWith("s3://assets/", StringComparison.Ordinal)
            ? "/assets/" + uri[12..]
            : "/image.png?u=" + WebUtility.UrlEncode(uri));
        var html = renderer.Render(File.ReadAllText(Repo.PathOf("template", template)), input);
        // The real crowd-html-elements.js is not reachable here; the stand-in serves both element families.
        html = html.Replace(
            "https://assets.crowd.aws/crowd-html-elements.js",
            "/assets/crowd-2d-skeleton.js",
            StringComparison.Ordinal);
        _server.Add(page, html);
        return _server.Url(page);
    }

    private static JsonElement Received(string dom)
    {
        var match = ReceivedPattern().Match(dom);
        match.Success.Should().BeTrue("the stand-in element reports what it received:\n" + dom);
        return JsonDocument.Parse(WebUtility.HtmlDecode(match.Groups[1].Value)).RootElement.Clone();
    }

    [Fact]
    public async Task KeypointTemplate_HostileLabels_ReachTheElementIntactAndInert()
    {
        var rig = HostileRig();
        var url = Render("pose-keypoint.liquid.html", TaskInput(rig, "s3://bucket/a.png"), "/keypoint.html");
        var received = Received(await Chromium.DumpDomAsync(url));
        received.GetProperty("injected").GetBoolean().Should().BeFalse();
        received.GetProperty("labels").EnumerateArray().Select(l => l.GetString())
            .Should().Equal(rig.Keypoints.Select(k => k.Label));
        received.GetProperty("initialValue")[1].GetProperty("label").GetString().Should().Be("left_" + Hostile);
        received.GetProperty("header").GetString().Should().Contain("rig " + Hostile);
    }

    [Fact]
    public async Task SkeletonTemplate_SampleTask_Screenshot()
    {
        using var sample = new TempFolder("gtpose-shot");
        (await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "1", "--out", sample)).Code.Should().Be(0);
        _server.Add(
            "/image.png",
            File.ReadAllBytes(Path.Combine(sample, "store", "gtpose-sample", "images", "00000.png")),
            "image/png");
        var truth = JsonDocument.Parse(File.ReadAllLines(Path.Combine(sample, "input.manifest"))[0]).RootElement
            .GetProperty("gtpose-truth").GetProperty("instances").Clone();
        var input = TaskInput(Rig.Coco17, "s3://gtpose-sample/images/00000.png", truth);
        var url = Render("pose-skeleton.liquid.html", input, "/sample.html");
        var file = Path.Combine(Screenshots, "worker-task-skeleton.png");
        await Chromium.ScreenshotAsync(url, file, 900, 900);
        new FileInfo(file).Length.Should().BeGreaterThan(10_000, "a rendered page, not a blank one");
    }

    [Fact]
    public async Task ReviewPage_SampleJob_RendersEveryObjectFlaggedFirst()
    {
        using var dir = new TempFolder("gtpose-review");
        var page = await Exports.SampleReviewPage.BuildAsync(dir, objects: 6);
        _server.Add("/review.html", File.ReadAllText(page));
        var dom = await Chromium.DumpDomAsync(_server.Url("/review.html"));
        dom.Should().Contain("data-rendered=\"6\"");
        ItemPattern().Matches(dom).Count.Should().Be(6);
        var flagged = ItemPattern().Matches(dom)
            .Select(m => m.Groups[1].Value.Contains("review", StringComparison.Ordinal))
            .ToList();
        flagged.Should().BeInDescendingOrder("objects needing review come first");
        await Chromium.ScreenshotAsync(
            _server.Url("/review.html#workers"), Path.Combine(Screenshots, "review-page.png"));
        new FileInfo(Path.Combine(Screenshots, "review-page.png")).Length.Should().BeGreaterThan(10_000);
    }

    [GeneratedRegex("<pre id=\"received\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex ReceivedPattern();

    [GeneratedRegex("<div class=\"(item[^\"]*)\">")]
    private static partial Regex ItemPattern();

    public void Dispose() => _server.Dispose();
}
