using System.Text.Json;
using System.Text.RegularExpressions;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Exports;

/// <summary>`gtpose report` on a sample job, rendered in Debian's headless chromium.</summary>
public sealed partial class ReportCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gtpose-report").FullName;
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
        html.Should().Contain(
            "Answers listed, read and lost: not known for this manifest", "run-job saves no re-consolidation counts");
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

    [Theory]
    [InlineData(false, "Answers: 60 listed, 60 read, no answers lost")]
    [InlineData(true, "Answers: 61 listed, 60 read, 1 lost (not a response 1); each object concerned is flagged " +
        "unreadable_answer")]
    public async Task Report_ReconsolidatedManifest_ShowsTheAnswersListedReadAndLost(bool oneLost, string expected)
    {
        var store = new Storage.LocalFolderStore(Path.Combine(_dir, "store"));
        var layout = Core.Jobs.JobOutputLayout.Parse("s3://out/level1/job-a/");
        var job = await SimulatedJob.WriteAsync(
            store, layout, 20, new Simulation.SimulationSettings { WorkersPerObject = 3, WorkforceSize = 8 });
        if (oneLost)
            await store.WriteAsync(
                new Core.Storage.S3Uri("out", layout.ObjectPrefix("4") + "zz.json"), "{\"answers\": 7}"u8.ToArray(),
                "application/json");
        var manifest = Path.Combine(_dir, "L1.manifest");
        await File.WriteAllTextAsync(manifest, job.Manifest);
        var output = Path.Combine(_dir, "L1r.manifest");
        (await Gtpose.RunAsync(
            "workflow", "reconsolidate", "--manifest", manifest, "--job-output", "s3://out/level1/job-a/",
            "--out", output, "--store", Path.Combine(_dir, "store"))).Code.Should().Be(0);
        var page = Path.Combine(_dir, "report.html");
        var json = Path.Combine(_dir, "report.json");

        var (code, stdout, stderr) = await Gtpose.RunAsync(
            "report", "--manifest", output, "--out", page, "--json", json);

        code.Should().Be(0, stderr);
        stdout.Should().Contain($"answer counts from {output}.summary.json");
        System.Net.WebUtility.HtmlDecode(File.ReadAllText(page)).Should().Contain(expected)
            .And.NotContain("S3 requests", "a local folder retries nothing");
        var answers = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("answers");
        answers.GetProperty("listed").GetInt64().Should().Be(oneLost ? 61 : 60);
        answers.GetProperty("lost").EnumerateObject().Sum(c => c.Value.GetInt32()).Should().Be(oneLost ? 1 : 0);
    }

    [Fact]
    public async Task Report_SummaryOfAnotherRun_LeavesTheCountsOutSayingWhy()
    {
        (await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "12", "--out", _dir)).Code.Should().Be(0);
        var manifest = Path.Combine(_dir, "output.manifest");
        await File.WriteAllTextAsync(
            manifest + ".summary.json",
            """{"objects": 5, "labeled": 5, "flagged": 0, "noLabel": 0,""" +
            """ "answers": {"listed": 15, "read": 15, "lost": {}}}""");

        var (code, _, stderr) = await Gtpose.RunAsync(
            "report", "--manifest", manifest, "--out", Path.Combine(_dir, "report.html"));

        code.Should().Be(0, stderr);
        stderr.Should().MatchRegex(
            @"output\.manifest\.summary\.json: counts for 5 labels, the manifest has \d+: not shown");
        File.ReadAllText(Path.Combine(_dir, "report.html")).Should().Contain("not known for this manifest");
    }

    [GeneratedRegex("<p class=\"legend\" id=\"attention-legend\">(.*?)</p>")]
    private static partial Regex AttentionLegend();

    [GeneratedRegex("<tr(?: class=\"flag\")?><td>private")]
    private static partial Regex RowPattern();

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
