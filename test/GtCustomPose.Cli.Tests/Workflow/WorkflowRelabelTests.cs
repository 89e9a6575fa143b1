using System.Text.Json;
using System.Text.RegularExpressions;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Workflow;

/// <summary><c>gtpose workflow run --second-level relabel</c> (and <c>relabel-audit</c>): more crowd workers on the
/// routed objects only.</summary>
public sealed partial class WorkflowRelabelTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-relabel");

    private List<JsonElement> Lines(string file) =>
        File.ReadAllLines(Path.Combine(_dir, file)).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public async Task WorkflowRun_RelabelSecondLevel_RoutedObjectsPooledFromBothJobsAndTheCostPrinted()
    {
        var (code, output, err) = await Gtpose.RunAsync(
            "workflow", "run", "--sample", "--sample-size", "30", "--second-level", "relabel",
            "--relabel-workers", "4", "--out", _dir);

        code.Should().Be(0, err);
        File.Exists(Path.Combine(_dir, "audit-input.manifest")).Should().BeFalse("there is no audit");
        var relabel = Lines("relabel-input.manifest");
        var routed = relabel;
        routed.Should().NotBeEmpty();
        relabel.Select(l => l.TryGetProperty("pose", out var label)).Should().OnlyContain(has => !has);
        relabel.Select(l => l.GetProperty("gtpose-audit").GetProperty("mode").GetString())
            .Should().OnlyContain(m => m == "relabel");
        var routedRefs = routed.Select(l => l.GetProperty("source-ref").GetString()).ToHashSet();
        var final = Lines("final.manifest");
        final.Should().HaveCount(30);
        final.Should().OnlyContain(l => l.GetProperty("pose").GetProperty("consolidation")
            .GetProperty("worker_count").GetInt32() == (routedRefs.Contains(l.GetProperty("source-ref").GetString())
                ? 7 : 3));
        var cost = CostLine().Match(output);
        cost.Success.Should().BeTrue(output);
        double.Parse(cost.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeApproximately(3 + 4.0 * routed.Count / 30, 0.01);
        output.Should().Contain("the model estimate from p_wrong alone");
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "report.json"))).RootElement;
        report.GetProperty("answers_per_object").GetDouble()
            .Should().BeApproximately(3 + 4.0 * routed.Count / 30, 0.01);
        report.GetProperty("relabeled").GetInt32().Should().Be(routed.Count);
        final.Where(l => routedRefs.Contains(l.GetProperty("source-ref").GetString()))
            .Select(l => l.GetProperty("pose-metadata").GetProperty("pooled-jobs")[0].GetString())
            .Should().OnlyContain(j => j == "gtpose-relabel");
        var residual = report.GetProperty("residual");
        residual.GetProperty("sampled").GetInt32().Should().Be(0);
        residual.GetProperty("model_rate").GetDouble().Should().BeApproximately(
            residual.GetProperty("expected_wrong").GetDouble() / residual.GetProperty("unaudited").GetInt32(), 1e-4);
        var below = BelowLine().Match(output);
        var c = System.Globalization.CultureInfo.InvariantCulture;
        int.Parse(below.Groups[2].Value, c).Should().BeLessThanOrEqualTo(int.Parse(below.Groups[1].Value, c));
    }

    [Fact]
    public async Task WorkflowRun_RelabelThenAudit_RelabelsTheShareThenAuditsThePooledLabels()
    {
        var (code, output, err) = await Gtpose.RunAsync(
            "workflow", "run", "--sample", "--sample-size", "30", "--second-level", "relabel-audit",
            "--relabel-share", "0.2", "--out", _dir);

        code.Should().Be(0, err);
        var relabel = Lines("relabel-input.manifest");
        relabel.Should().HaveCount(6, "a fifth of 30 objects, the highest p_wrong first");
        var relabeledRefs = relabel.Select(l => l.GetProperty("source-ref").GetString()).ToHashSet();
        var pooled = Lines("pooled.manifest").ToDictionary(
            l => l.GetProperty("source-ref").GetString()!, l => l.GetProperty("pose").GetRawText());
        var audit = Lines("audit-input.manifest");
        audit.Should().NotBeEmpty();
        audit.Where(l => l.TryGetProperty("pose", out _)).Select(l => l.GetProperty("pose").GetRawText())
            .Should().OnlyContain(label => pooled.ContainsValue(label), "the audit checks the pooled labels");
        output.Should().Contain("re-label 'gtpose-relabel' (6 objects), then audit 'gtpose-audit'");
        var cost = CostLine().Match(output);
        double.Parse(cost.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeApproximately(3.6, 0.01);
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "report.json"))).RootElement;
        report.GetProperty("relabeled").GetInt32().Should().Be(6);
        report.GetProperty("audited").GetInt32().Should().Be(audit.Count);
        report.GetProperty("residual").GetProperty("sampled").GetInt32().Should().BeGreaterThan(0);
        Lines("final.manifest").Where(l => relabeledRefs.Contains(l.GetProperty("source-ref").GetString()))
            .Should().HaveCount(6);
    }

    [Fact]
    public async Task WorkflowRun_RelabelAuditShareZero_NoRelabelJobAndTheAuditOfLevelOne()
    {
        var (code, output, err) = await Gtpose.RunAsync(
            "workflow", "run", "--sample", "--sample-size", "20", "--second-level", "relabel-audit",
            "--relabel-share", "0", "--out", _dir);

        code.Should().Be(0, err);
        Lines("relabel-input.manifest").Should().BeEmpty();
        File.Exists(Path.Combine(_dir, "pooled.manifest")).Should().BeFalse("no re-label job ran");
        Lines("audit-input.manifest").Should().NotBeEmpty();
        output.Should().Contain("audit 'gtpose-audit'").And.NotContain("re-label 'gtpose");
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "report.json"))).RootElement;
        report.GetProperty("relabeled").GetInt32().Should().Be(0);
        report.GetProperty("audited").GetInt32().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Reconsolidate_TwoJobOutputs_SameLabelsAsTheRunAndALinkErrorNamesJobAndField()
    {
        (await Gtpose.RunAsync("workflow", "run", "--sample", "--sample-size", "20", "--second-level", "relabel",
            "--out", _dir)).Code.Should().Be(0);
        string[] Args(string attribute, string outFile) =>
        [
            "workflow", "reconsolidate", "--manifest", Path.Combine(_dir, "input.manifest"),
            "--job-output", "s3://gtpose-local/gtpose-level1/", "--job-output", "s3://gtpose-local/gtpose-relabel/",
            "--store", Path.Combine(_dir, "store"), "--label-attribute", attribute,
            "--out", Path.Combine(_dir, outFile),
        ];

        var (code, output, err) = await Gtpose.RunAsync(Args("pose", "again.manifest"));
        var (badCode, _, badErr) = await Gtpose.RunAsync(Args("box", "bad.manifest"));

        code.Should().Be(0, err);
        output.Should().Contain("re-consolidated with 'gtpose-relabel' pooled");
        Lines("again.manifest").Select(l => l.GetProperty("pose").GetRawText())
            .Should().Equal(Lines("pooled.manifest").Select(l => l.GetProperty("pose").GetRawText()));
        badCode.Should().Be(1);
        badErr.Trim().Should().Be(
            "gtpose workflow reconsolidate: job 'gtpose-relabel', manifest line 1: 'gtpose-audit.label_attribute' " +
            "is 'pose', but level 1 writes 'box'");
    }

    [Theory]
    [InlineData("--second-level takes 'auto', 'audit', 'relabel' or 'relabel-audit', not 'expert'",
        "--second-level", "expert")]
    [InlineData("--relabel-workers takes 1 to 9 workers per object", "--relabel-workers", "12")]
    [InlineData("--relabel-share is 1.5, expected a number from 0 to 1", "--relabel-share", "1.5")]
    [InlineData("--relabel-share needs --second-level relabel-audit or auto", "--second-level", "audit",
        "--relabel-share", "0.2")]
    [InlineData("--max-relabel-share needs --second-level auto", "--second-level", "relabel-audit",
        "--max-relabel-share", "0.3")]
    [InlineData("--max-relabel-share is 0.1, below --relabel-share (0.2)", "--relabel-share", "0.2",
        "--max-relabel-share", "0.1")]
    public async Task WorkflowRun_BadSecondLevelOption_ExitsTwoAndWritesNothing(string message, params string[] args)
    {
        var (code, _, err) = await Gtpose.RunAsync(
            ["workflow", "run", "--sample", .. args, "--out", Path.Combine(_dir, "run")]);

        code.Should().Be(2);
        err.Should().Contain(message).And.NotContain("   at ");
        Directory.Exists(Path.Combine(_dir, "run")).Should().BeFalse();
    }

    [GeneratedRegex(@"cost +([0-9.]+) answers per object")]
    private static partial Regex CostLine();

    [GeneratedRegex(@"objects below OKS 0\.8: (\d+) -> (\d+)")]
    private static partial Regex BelowLine();

    public void Dispose() => _dir.Dispose();
}
