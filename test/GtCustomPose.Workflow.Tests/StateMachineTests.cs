using System.Diagnostics;
using System.Text.Json;
using GtCustomPose.Testing;

namespace GtCustomPose.Workflow.Tests;

/// <summary>
/// The exact state machine definition of template/gtpose-workflow.yaml, run by aws-local-stepfunctions
/// (test/stepfunctions/run-workflow.mjs) with its Task states played by gtpose: the local job runner for the labeling
/// jobs, <c>workflow route</c>, <c>simulate-audit</c> and <c>merge</c>.
/// </summary>
public sealed class StateMachineTests : IDisposable
{
    private const string Bucket = "gtpose-workflow-test";
    private readonly TempFolder _dir = new("gtpose-sfn");

    private static string Gtpose => Path.Combine(AppContext.BaseDirectory, "gtpose.dll");

    private async Task<JsonElement> Execute(
        string scenario,
        string sampleRate,
        int images = 12,
        string maxAuditShare = "1",
        string distributedThreshold = "20000",
        string workers = "3",
        string secondLevel = "audit",
        string relabelShare = "0.1",
        string targetError = "0.02",
        string maxRelabelShare = "0.2")
    {
        var store = Path.Combine(_dir, "store");
        await Run(
            "dotnet",
            Gtpose,
            "run-job",
            "--sample",
            "--sample-size", images.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--out", Path.Combine(_dir, "prep"),
            "--store", store);
        Directory.CreateDirectory(Path.Combine(store, Bucket));
        File.Copy(Path.Combine(_dir, "prep", "input.manifest"), Path.Combine(store, Bucket, "input.manifest"));
        var runner = Repo.PathOf("test", "stepfunctions", "run-workflow.mjs");
        File.Exists(Repo.PathOf("test", "stepfunctions", "node_modules", "aws-local-stepfunctions", "package.json"))
            .Should().BeTrue("`bash .ci/setup` installs test/stepfunctions (npm ci)");
        var output = await Run(
            "node",
            runner,
            "--template", Repo.PathOf("template", "gtpose-workflow.yaml"),
            "--gtpose", Gtpose,
            "--work", _dir,
            "--scenario", scenario,
            "--sample-rate", sampleRate,
            "--max-audit-share", maxAuditShare,
            "--distributed-threshold", distributedThreshold,
            "--shard-size", "5",
            "--workers", workers,
            "--second-level", secondLevel,
            "--relabel-share", relabelShare,
            "--max-relabel-share", maxRelabelShare,
            "--target-error", targetError);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static async Task<string> Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await p.WaitForExitAsync(timeout.Token);
        p.ExitCode.Should().Be(0, await stderr);
        return await stdout;
    }

    private static string[] States(JsonElement result) =>
        result.GetProperty("states").EnumerateArray().Select(s => s.GetString()!).ToArray();

    private List<JsonElement> Lines(string key) => File.ReadAllLines(Path.Combine(_dir, "store", Bucket, key))
        .Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public async Task Execution_SomethingToAudit_RunsTheAuditJobMergesAndPublishes()
    {
        var result = await Execute("audit", "0.3");

        result.GetProperty("status").GetString().Should().Be("SUCCEEDED", result.ToString());
        States(result).Should().ContainInOrder(
            "Level1Job", "Reconsolidate", "Route", "AnythingToAudit", "AuditJob", "Merge", "PublishCompletion");
        var requests = result.GetProperty("requests").EnumerateArray().ToList();
        requests.Select(r => r.GetProperty("LabelingJobName").GetString())
            .Should().Equal("run-1-level1", "run-1-audit");
        requests[1].GetProperty("InputConfig").GetProperty("DataSource").GetProperty("S3DataSource")
            .GetProperty("ManifestS3Uri").GetString()
            .Should().Be($"s3://{Bucket}/run-1/workflow/audit-input.manifest");
        var report = result.GetProperty("output");
        report.GetProperty("objects").GetInt32().Should().Be(12);
        report.GetProperty("audited").GetInt32().Should().BeGreaterThan(0);
        (report.GetProperty("written").GetInt32() + report.GetProperty("failures").GetInt32()).Should().Be(12);
        report.GetProperty("auditJob").GetString().Should().Be("run-1-audit");
        var final = Lines("run-1/workflow/final.manifest");
        final.Should().HaveCount(report.GetProperty("written").GetInt32());
        final.Count(l => l.GetProperty("pose-metadata").GetProperty("audited").GetBoolean())
            .Should().Be(report.GetProperty("audited").GetInt32());
        var published = result.GetProperty("published").EnumerateArray().Single();
        JsonDocument.Parse(published.GetProperty("Message").GetString()!).RootElement
            .GetProperty("objects").GetInt32().Should().Be(12);
    }

    [Fact]
    public async Task Execution_SecondLevelRelabel_RelabelsTheRoutedObjectsAndPublishesThePooledLabels()
    {
        var result = await Execute("audit", "0.3", images: 20, maxAuditShare: "0.3", secondLevel: "relabel");

        result.GetProperty("status").GetString().Should().Be("SUCCEEDED", result.ToString());
        States(result).Should().ContainInOrder(
            "Level1Job", "Reconsolidate", "Route", "AnythingToAudit", "SecondLevelKind", "RelabelJob",
            "PooledReconsolidate", "NothingToAudit", "Merge", "PublishCompletion");
        States(result).Should().NotContain("AuditJob");
        var requests = result.GetProperty("requests").EnumerateArray().ToList();
        requests.Select(r => r.GetProperty("LabelingJobName").GetString())
            .Should().Equal("run-1-level1", "run-1-relabel");
        requests[1].GetProperty("HumanTaskConfig").GetProperty("PreHumanTaskLambdaArn").GetString()
            .Should().EndWith("function:gtpose-SageMaker-PreAnnotation", "level 1's function: no chained label");
        var routed = Lines("run-1/workflow/audit-input.manifest");
        routed.Should().NotBeEmpty().And.OnlyContain(
            l => l.GetProperty("gtpose-audit").GetProperty("mode").GetString() == "relabel");
        routed.Select(l => l.GetProperty("gtpose-audit").GetProperty("reasons")[0].GetString())
            .Should().NotContain("qa_sample", "with no auditor there is no QA sample");
        var routedRefs = routed.Select(l => l.GetProperty("source-ref").GetString()).ToHashSet();
        var final = Lines("run-1/workflow/final.manifest");
        final.Should().HaveCount(20);
        final.Should().OnlyContain(l => l.GetProperty("pose").GetProperty("consolidation").GetProperty("worker_count")
            .GetInt32() == (routedRefs.Contains(l.GetProperty("source-ref").GetString()) ? 6 : 3));
        result.GetProperty("output").GetProperty("audited").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Execution_SecondLevelRelabelAudit_RelabelsTheMostDoubtfulThenAuditsThePooledLabels()
    {
        var result = await Execute("audit", "0.1", images: 20, maxAuditShare: "0.3", secondLevel: "relabel-audit",
            relabelShare: "0.25");

        result.GetProperty("status").GetString().Should().Be("SUCCEEDED", result.ToString());
        States(result).Should().ContainInOrder(
            "Level1Job", "Reconsolidate", "FirstRoute", "RouteForRelabel", "AnythingToRelabel", "RelabelJob",
            "PooledReconsolidate", "AuditAfterRelabel", "Route", "AnythingToAudit", "SecondLevelKind", "AuditJob",
            "Merge", "PublishCompletion");
        result.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("LabelingJobName").GetString())
            .Should().Equal("run-1-level1", "run-1-relabel", "run-1-audit");
        var relabeled = Lines("run-1/workflow/relabel-input.manifest");
        relabeled.Should().HaveCount(5, "a quarter of 20 objects").And.OnlyContain(
            l => l.GetProperty("gtpose-audit").GetProperty("mode").GetString() == "relabel");
        var relabeledRefs = relabeled.Select(l => l.GetProperty("source-ref").GetString()).ToHashSet();
        var pooled = Lines("run-1/workflow/pooled.manifest")
            .ToDictionary(l => l.GetProperty("source-ref").GetString()!, l => l.GetProperty("pose"));
        pooled.Where(p => relabeledRefs.Contains(p.Key)).Should().HaveCount(5).And.OnlyContain(
            p => p.Value.GetProperty("consolidation").GetProperty("worker_count").GetInt32() == 6);
        // The audit checks the pooled labels, not level 1's.
        var audited = Lines("run-1/workflow/audit-input.manifest");
        audited.Should().NotBeEmpty();
        audited.Select(l => l.GetProperty("gtpose-audit").TryGetProperty("mode", out var m) ? m.GetString() : null)
            .Should().OnlyContain(mode => mode == null, "the second route writes audit lines");
        audited.Where(l => l.TryGetProperty("pose", out _)).Should().OnlyContain(l =>
            l.GetProperty("pose").GetRawText() == pooled[l.GetProperty("source-ref").GetString()!].GetRawText());
        var report = result.GetProperty("output");
        report.GetProperty("relabeled").GetInt32().Should().Be(5);
        report.GetProperty("audited").GetInt32().Should().Be(audited.Count);
        Lines("run-1/workflow/final.manifest").Should().HaveCount(20);
    }

    [Theory]
    [InlineData("0.2", 2)] // as many as the audit alone would miss
    [InlineData("0.025", 1)] // the most
    public async Task Execution_AutoAboveTheTarget_RelabelsTheMostDoubtfulThenAuditsThePooledLabels(
        string maxRelabelShare, int relabeled)
    {
        var result = await Execute("audit", "0", images: 40, maxAuditShare: "0.05", secondLevel: "auto",
            relabelShare: "0.025", targetError: "0.005", maxRelabelShare: maxRelabelShare);

        result.GetProperty("status").GetString().Should().Be("SUCCEEDED", result.ToString());
        States(result).Should().ContainInOrder(
            "Reconsolidate", "FirstRoute", "RouteForAutoRelabel", "AnythingToRelabel", "RelabelJob",
            "PooledReconsolidate", "AuditAfterRelabel", "Route", "AnythingToAudit", "SecondLevelKind", "AuditJob",
            "Merge");
        result.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("LabelingJobName").GetString())
            .Should().Equal("run-1-level1", "run-1-relabel", "run-1-audit");
        Lines("run-1/workflow/relabel-input.manifest").Should().HaveCount(relabeled);
        Lines("run-1/workflow/audit-input.manifest").Should().HaveCount(2, "5% of 40 objects");
        result.GetProperty("output").GetProperty("relabeled").GetInt32().Should().Be(relabeled);
    }

    [Fact]
    public async Task Execution_AutoWithEveryFlaggedLabelInTheBudget_AuditsLevelOneWithoutARelabelJob()
    {
        var result = await Execute("audit", "0", images: 40, maxAuditShare: "1", secondLevel: "auto");

        result.GetProperty("status").GetString().Should().Be("SUCCEEDED", result.ToString());
        States(result).Should().ContainInOrder(
            "FirstRoute", "RouteForAutoRelabel", "AnythingToRelabel", "Route", "AnythingToAudit", "AuditJob", "Merge");
        States(result).Should().NotContain("RelabelJob");
        result.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("LabelingJobName").GetString())
            .Should().Equal("run-1-level1", "run-1-audit");
        Lines("run-1/workflow/relabel-input.manifest").Should().BeEmpty();
        result.GetProperty("output").GetProperty("relabeled").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Execution_AuditCapped_AuditsAtMostTheCapAndTheRestKeepNeedsReview()
    {
        var result = await Execute("audit", "0", images: 40, maxAuditShare: "0.05");

        result.GetProperty("status").GetString().Should().Be("SUCCEEDED", result.ToString());
        var report = result.GetProperty("output");
        var flagged = report.GetProperty("flagged").GetInt32();
        flagged.Should().BeGreaterThan(2, "the sample must flag more objects than the cap lets through");
        Lines("run-1/workflow/audit-input.manifest").Should().HaveCount(2, "5% of 40 objects");
        report.GetProperty("flaggedUnaudited").GetInt32().Should().Be(flagged - 2);
        var final = Lines("run-1/workflow/final.manifest");
        final.Count(l => l.GetProperty("pose").GetProperty("needs_review").GetBoolean()
                && !l.GetProperty("pose-metadata").GetProperty("audited").GetBoolean())
            .Should().Be(flagged - 2);
    }

    [Fact]
    public async Task Execution_DefaultBudget_QaSampleInsideItFlaggedByPWrongAndTheRestListedWithTheirExpectedErrors()
    {
        var result = await Execute("audit", "0.05", images: 40, maxAuditShare: "0.15");

        result.GetProperty("status").GetString().Should().Be("SUCCEEDED", result.ToString());
        var audit = Lines("run-1/workflow/audit-input.manifest");
        audit.Should().HaveCount(6, "15% of 40 objects");
        var reasons = audit.Select(l => l.GetProperty("gtpose-audit").GetProperty("reasons")[0].GetString()).ToList();
        reasons.Count(r => r == "qa_sample").Should().Be(2, "5% of 40 objects, inside the budget");
        var level1 = Lines("run-1/workflow/level1r.manifest");
        static double PWrong(JsonElement line) => line.GetProperty("pose").GetProperty("p_wrong").GetDouble();
        var flagged = level1.Where(l => l.GetProperty("pose").GetProperty("needs_review").GetBoolean()).ToList();
        flagged.Should().HaveCountGreaterThan(4, "the sample must flag more objects than the budget holds");
        var ranked = audit.Where(l => l.GetProperty("gtpose-audit").GetProperty("reasons")[0].GetString()
            != "qa_sample").ToList();
        ranked.Select(PWrong).Min().Should().BeGreaterThanOrEqualTo(flagged.Select(PWrong)
            .OrderDescending().ElementAt(ranked.Count - 1), "the budget takes the highest p_wrong first");
        var report = JsonDocument.Parse(File.ReadAllText(
            Path.Combine(_dir, "store", Bucket, "run-1", "workflow", "report.json"))).RootElement;
        var left = report.GetProperty("left_out").EnumerateArray().ToList();
        left.Should().HaveCount(report.GetProperty("flagged_unaudited").GetInt32()).And.NotBeEmpty();
        report.GetProperty("left_out_expected_wrong").GetDouble()
            .Should().BeApproximately(left.Sum(l => l.GetProperty("p_wrong").GetDouble()), 0.01);
        var residual = report.GetProperty("residual");
        residual.GetProperty("sampled").GetInt32().Should().Be(2);
        residual.GetProperty("low").GetDouble().Should().BeLessThanOrEqualTo(residual.GetProperty("high").GetDouble());
        var published = JsonDocument.Parse(result.GetProperty("published").EnumerateArray().Single()
            .GetProperty("Message").GetString()!).RootElement;
        published.GetProperty("advice").GetProperty("text").GetString().Should().Contain("target");
        published.GetProperty("leftOutExpectedWrong").GetDouble()
            .Should().Be(report.GetProperty("left_out_expected_wrong").GetDouble());
    }

    [Fact]
    public async Task Execution_JobPastTheDistributedThreshold_ShardsReduceAndAssembleEveryObject()
    {
        var result = await Execute("audit", "0.3", distributedThreshold: "5");

        result.GetProperty("status").GetString().Should().Be("SUCCEEDED", result.ToString());
        States(result).Should().ContainInOrder(
            "LargeJob", "PlanShards", "ShardStatistics", "Statistics", "ReduceStatistics", "ShardLabels", "Labels",
            "AssembleLabels", "Route", "AnythingToAudit", "AuditJob", "Merge", "PublishCompletion");
        States(result).Should().NotContain("Reconsolidate");
        States(result).Count(s => s == "Statistics").Should().Be(3, "12 objects in shards of 5");
        States(result).Count(s => s == "Labels").Should().Be(3);
        var level1 = Lines("run-1/workflow/level1r.manifest");
        level1.Should().HaveCount(12);
        level1.Select(l => l.GetProperty("source-ref").GetString())
            .Should().Equal(Lines("input.manifest").Select(l => l.GetProperty("source-ref").GetString()));
        // The same job re-consolidated in one process gives the same labels, line for line (only the metadata's
        // creation-date differs: each run stamps its own).
        var store = Path.Combine(_dir, "store");
        await Run("dotnet", Gtpose, "workflow", "reconsolidate",
            "--manifest", Path.Combine(store, Bucket, "run-1-level1", "manifests", "output", "output.manifest"),
            "--job-output", $"s3://{Bucket}/run-1-level1/", "--store", store,
            "--out", Path.Combine(_dir, "one.manifest"));
        File.ReadAllLines(Path.Combine(_dir, "one.manifest")).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("pose").GetRawText())
            .Should().Equal(level1.Select(l => l.GetProperty("pose").GetRawText()));
        var report = result.GetProperty("output");
        (report.GetProperty("written").GetInt32() + report.GetProperty("failures").GetInt32()).Should().Be(12);
    }

    [Fact]
    public async Task Execution_NothingToAudit_MergesWithoutAnAuditJob()
    {
        // No budget and no QA sample: every labeled object keeps its level-1 label.
        var result = await Execute("nothing", "0", maxAuditShare: "0", workers: "5");

        result.GetProperty("status").GetString().Should().Be("SUCCEEDED", result.ToString());
        States(result).Should().ContainInOrder(
            "Route", "AnythingToAudit", "NothingToAudit", "Merge", "PublishCompletion");
        States(result).Should().NotContain("AuditJob");
        result.GetProperty("requests").GetArrayLength().Should().Be(1);
        var report = result.GetProperty("output");
        report.GetProperty("audited").GetInt32().Should().Be(0);
        report.GetProperty("written").GetInt32().Should().Be(12);
        Lines("run-1/workflow/final.manifest").Should()
            .OnlyContain(l => !l.GetProperty("pose-metadata").GetProperty("audited").GetBoolean());
    }

    [Fact]
    public async Task Execution_Level1JobFails_FailsWithTheJobsFailureReason()
    {
        var result = await Execute("failed", "0.3");

        result.GetProperty("status").GetString().Should().Be("FAILED");
        result.GetProperty("error").GetString().Should().Be("LabelingJobFailed");
        result.GetProperty("cause").GetString().Should()
            .Be("ClientError: the input manifest has no line the pre-annotation function accepts");
        States(result).Should().ContainInOrder("Level1Job", "Level1Failed", "DescribeFailedJob", "LabelingJobFailed");
        States(result).Should().NotContain("Route").And.NotContain("Merge").And.NotContain("PublishCompletion");
        result.GetProperty("published").GetArrayLength().Should().Be(0);
    }

    public void Dispose() => _dir.Dispose();
}
