using System.Text.Json;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Jobs;

/// <summary>The deployment's settings as run-job options: the local job plays the functions as a deployment configures
/// them.</summary>
public sealed class RunJobSettingsTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-settings");

    private static List<JsonElement> Lines(string file) =>
        File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private static JsonElement Summary(string dir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(dir,
        "summary.json"))).RootElement.Clone();

    [Fact]
    public async Task RunJob_ReviewMinConfidenceOne_EveryObjectNeedsReview()
    {
        var (code, _, err) = await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "4", "--out", _dir,
            "--review-min-confidence", "1");
        code.Should().Be(0, err);
        Lines(Path.Combine(_dir, "output.manifest")).Should().AllSatisfy(l =>
            l.GetProperty("pose").GetProperty("review_reasons").EnumerateArray().Select(r =>
                r.GetString()).Should().Contain("low_confidence"));
        Summary(_dir).GetProperty("needs_review").GetInt32().Should().Be(4);
    }

    [Fact]
    public async Task RunJob_OnlyNeedsReview_ChainedJobSendsOnlyFlaggedObjectsToWorkers()
    {
        var level1 = Path.Combine(_dir, "level1");
        (await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "6", "--out", level1)).Code.Should().Be(0);
        // Level 1's verdicts, set by hand: lines 2 and 5 need review, the others do not.
        var input = Path.Combine(_dir, "level1.manifest");
        File.WriteAllLines(input, Lines(Path.Combine(level1, "output.manifest")).Select((line, i) =>
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(line.GetRawText())!;
            node["pose"]!["needs_review"] = i is 1 or 4;
            return node.ToJsonString();
        }));

        var audit = Path.Combine(_dir, "audit");
        var (code, _, err) = await Gtpose.RunAsync("run-job", "--manifest", input, "--simulate-workers", "1", "--out",
            audit,
            "--store", Path.Combine(level1, "store"), "--chained-label-attribute", "pose", "--label-attribute",
                "pose-audit",
            "--job-name", "audit", "--only-needs-review");

        code.Should().Be(0, err);
        var summary = Summary(audit);
        summary.GetProperty("human_tasks").GetInt32().Should().Be(2);
        summary.GetProperty("skipped").GetInt32().Should().Be(4);
        Directory.GetFiles(Path.Combine(audit, "tasks")).Select(Path.GetFileName).Should().BeEquivalentTo(["00001.html",
            "00004.html"]);
        var lines = Lines(Path.Combine(audit, "output.manifest"));
        lines.Should().HaveCount(6, "skipped objects keep their line");
        lines.Select(l => l.TryGetProperty("pose-audit", out _)).Should().Equal(false, true, false, false, true, false);
    }

    public void Dispose() => _dir.Dispose();
}
