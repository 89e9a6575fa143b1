using System.Text.Json;
using System.Text.RegularExpressions;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Exports;

/// <summary>`gtpose report` on a sample job, rendered in Debian's headless chromium.</summary>
public sealed partial class ReportCommandTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-report");
    private readonly StaticServer _server = new();

    [Fact]
    public async Task Report_SampleJob_SelfContainedPageWithWorkersToLookAtFirstOnTop()
    {
        (await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "30", "--simulate-workers", "5", "--out", _dir))
            .Code.Should().Be(0);
        var page = Path.Combine(_dir, "report.html");
        var json = Path.Combine(_dir, "report.json");
        var (code, output, err) = await Gtpose.RunAsync(
            "report", "--manifest", Path.Combine(_dir, "output.manifest"), "--label-attribute", "pose",
            "--out", page, "--json", json);
        code.Should().Be(0, err);
        output.Should().Contain("30 objects").And.Contain("look first at");

        var html = File.ReadAllText(page);
        html.Should().NotContainAny("src=\"http", "href=\"http", "<link", "<script src", "<img").And.Contain("<svg");
        // The Attention column says what it is, on the page and on its heading; the confidence chart claims no truth.
        System.Net.WebUtility.HtmlDecode(AttentionLegend().Match(html).Groups[1].Value).Should()
            .Contain("(1 − mean agreement) + mirror/swap rate + outlier clicks per answer ÷ 17 keypoints")
            .And.Contain("marked red");
        html.Should().Contain("title=\"(1 − mean agreement)")
            .And.Contain("the consolidation&#39;s own estimate of its expected OKS")
            .And.NotContain("to the truth");
        html.Should().Contain("<dt>left_right_swap_corrected</dt><dd>" + System.Net.WebUtility.HtmlEncode(
            Core.Exports.ReasonWords.Of("left_right_swap_corrected")) + "</dd>", "each reason says what it means");
        var data = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        data.GetProperty("objects").GetInt32().Should().Be(30);
        var attention = data.GetProperty("workers").EnumerateArray()
            .Select(w => w.GetProperty("attention").GetDouble())
            .ToList();
        attention.Should().NotBeEmpty().And.BeInDescendingOrder("the workers to look at first are on top");
        data.GetProperty("keypoints").GetArrayLength().Should().Be(17);

        _server.Add("/report.html", html);
        var dom = await Chromium.DumpDomAsync(_server.Url("/report.html"));
        dom.Should().Contain("data-ready=\"1\"", "the inline sort script ran");
        RowPattern().Matches(dom).Count.Should().Be(attention.Count);
        var shots = Repo.PathOf("artifacts", "screenshots");
        Directory.CreateDirectory(shots);
        var shot = Path.Combine(shots, "report.png");
        await Chromium.ScreenshotAsync(_server.Url("/report.html"), shot, 1280, 1500);
        new FileInfo(shot).Length.Should().BeGreaterThan(20_000);
    }

    [GeneratedRegex("<p class=\"legend\" id=\"attention-legend\">(.*?)</p>")]
    private static partial Regex AttentionLegend();

    [GeneratedRegex("<tr(?: class=\"flag\")?><td>private")]
    private static partial Regex RowPattern();

    public void Dispose()
    {
        _server.Dispose();
        _dir.Dispose();
    }
}
