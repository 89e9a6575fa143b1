using System.Text.Json;
using System.Text.RegularExpressions;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Workflow;

/// <summary>The audit budget, the QA share and the target as the CLI takes and tells them.</summary>
public sealed partial class AuditBudgetCommandTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-budget");

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public async Task WorkflowRun_SampleWithTheDefaults_OneFlaggedCountANonEmptyQaSampleAndItsInterval()
    {
        var (code, output, err) = await Gtpose.RunAsync("workflow", "run", "--sample", "--out", _dir);

        code.Should().Be(0, err);
        var header = int.Parse(HeaderFlagged().Match(output).Groups[1].Value);
        var summary = int.Parse(SummaryFlagged().Match(output).Groups[1].Value);
        header.Should().Be(summary, "the header and the summary count the same labels:\n{0}", output);
        var report = JsonDocument.Parse(File.ReadAllText(PathOf("report.json"))).RootElement;
        report.GetProperty("flagged").GetInt32().Should().Be(summary);
        // 5% of the 40 sample objects, inside a budget of 15%.
        report.GetProperty("sampled").GetInt32().Should().Be(2);
        report.GetProperty("audited").GetInt32().Should().BeLessThanOrEqualTo(6);
        report.GetProperty("residual").GetProperty("sampled").GetInt32().Should().Be(2);
        output.Should().MatchRegex(@"residual error     \d+\.\d %, 95% \[").And.Contain("what to do");
    }

    [Fact]
    public async Task WorkflowRun_NoQaSample_NoIntervalPrinted()
    {
        var (code, output, err) = await Gtpose.RunAsync(
            "workflow", "run", "--sample", "--sample-size", "20", "--sample-rate", "0", "--out", _dir);

        code.Should().Be(0, err);
        output.Should().Contain("the model estimate from p_wrong alone: no QA object audited").And.NotContain("95% [");
        output.Should().NotContain("Wilson");
    }

    [Fact]
    public async Task WorkflowRoute_Defaults_PrintsTheBudgetAndListsTheFlaggedObjectsLeftOut()
    {
        (await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "40", "--simulate-workers", "3",
            "--out", PathOf("job")))
            .Code.Should().Be(0);

        var (code, output, err) = await Gtpose.RunAsync(
            "workflow", "route", "--manifest", PathOf("job/output.manifest"), "--out", PathOf("audit.manifest"));

        code.Should().Be(0, err);
        output.Should().Contain("budget             6 objects").And.Contain("others by p_wrong");
        var lines = File.ReadAllLines(PathOf("audit.manifest")).Where(l => l.Length > 0).ToList();
        lines.Should().HaveCount(6);
        output.Should().MatchRegex(@"over the budget    \d+ flagged object\(s\).*p_wrong expects \d+\.\d of them")
            .And.MatchRegex(@"line \d+ s3://\S+ p_wrong 0\.\d\d");
    }

    [Fact]
    public async Task WorkflowMerge_TargetError_TheAdviceWeighsTheEstimateAgainstIt()
    {
        (await Gtpose.RunAsync("workflow", "run", "--sample", "--sample-rate", "0.5", "--max-audit-share", "0.6",
            "--out", PathOf("run"))).Code.Should().Be(0);
        string[] Merge(string target, string output) =>
        [
            "workflow", "merge", "--manifest", PathOf("run/level1r.manifest"),
            "--audit-manifest", PathOf("run/audit/output.manifest"), "--target-error", target,
            "--out", PathOf(output),
        ];

        var loose = await Gtpose.RunAsync(Merge("0.99", "loose.manifest"));

        loose.Code.Should().Be(0, loose.Err);
        loose.Out.Should().Contain("is within the 99.0 % target");
        var report = JsonDocument.Parse(File.ReadAllText(PathOf("report.json"))).RootElement;
        report.GetProperty("advice").GetProperty("action").GetString().Should().Be("target_met");
        report.GetProperty("advice").GetProperty("target_error").GetDouble().Should().Be(0.99);
    }

    [Theory]
    [InlineData("workflow run", "--target-error", "1.5")]
    [InlineData("workflow run", "--max-audit-share", "-0.1")]
    [InlineData("workflow merge", "--target-error", "-1")]
    public async Task Command_ShareOutsideZeroToOne_OneLineErrorAndExit2(string command, string option, string value)
    {
        string[] args = command == "workflow run"
            ? ["workflow", "run", "--sample", option, value, "--out", PathOf("x")]
            : ["workflow", "merge", "--manifest", PathOf("none"), option, value, "--out", PathOf("x")];

        var (code, _, err) = await Gtpose.RunAsync(args);

        code.Should().Be(2);
        Gtpose.SingleErrorLine(err, command)
            .Should().StartWith($"gtpose {command}: {option} is {value}, expected a number from 0 to 1");
        Directory.Exists(PathOf("x")).Should().BeFalse("a usage error writes nothing");
    }

    [GeneratedRegex(@"Workflow finished: level 1 '[^']+' \(\d+ objects\), .*; (\d+) flagged\r?$",
        RegexOptions.Multiline)]
    private static partial Regex HeaderFlagged();

    [GeneratedRegex(@"  flagged            (\d+)")]
    private static partial Regex SummaryFlagged();

    public void Dispose() => _dir.Dispose();
}
