using System.Text.Json;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Workflow;

public sealed class WorkflowCommandTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-workflow");

    private string PathOf(string name) => Path.Combine(_dir, name);

    private List<JsonElement> Lines(string file) =>
        File.ReadAllLines(PathOf(file))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();

    [Fact]
    public async Task WorkflowRun_Sample_EveryObjectOnceAuditedWhereRoutedAndReport()
    {
        var (code, output, err) = await Gtpose.RunAsync(
            "workflow", "run", "--sample", "--sample-size", "30", "--sample-rate", "0.3", "--out", _dir);

        code.Should().Be(0, err);
        output.Should().Contain("Merged 30 objects").And.Contain("mean OKS vs truth").And.Contain("residual error");
        var input = Lines("input.manifest");
        var final = Lines("final.manifest");
        var failures = Lines("failures.jsonl");
        (final.Count + failures.Count).Should().Be(input.Count);
        final.Select(l => l.GetProperty("source-ref").GetString())
            .Should().Equal(input.Select(l => l.GetProperty("source-ref").GetString()));
        var routed = Lines("audit-input.manifest");
        routed.Should().NotBeEmpty();
        var audited = final.Where(l => l.GetProperty("pose-metadata").GetProperty("audited").GetBoolean()).ToList();
        audited.Should().HaveCount(routed.Count);
        audited.Should().OnlyContain(l =>
            l.GetProperty("pose-metadata").GetProperty("audit-job-name").GetString() == "gtpose-audit"
            && l.GetProperty("pose-metadata").GetProperty("job-name").GetString() == "gtpose-level1");
        final.Select(l => l.TryGetProperty("gtpose-truth", out var t)).Should().OnlyContain(kept => kept);
        var report = JsonDocument.Parse(File.ReadAllText(PathOf("report.json"))).RootElement;
        report.GetProperty("objects").GetInt32().Should().Be(30);
        report.GetProperty("audited").GetInt32().Should().Be(routed.Count);
        report.GetProperty("sampled").GetInt32().Should().Be(routed.Count(l =>
            l.GetProperty("gtpose-audit").GetProperty("reasons")[0].GetString() == "qa_sample"));
        var estimate = report.GetProperty("residual_error_estimate");
        estimate.GetProperty("low").GetDouble().Should().BeLessThanOrEqualTo(estimate.GetProperty("high").GetDouble());
    }

    [Fact]
    public async Task WorkflowRouteAndMerge_SameSeedTwice_SameAuditManifestAndAllLinesAccounted()
    {
        (await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "20", "--simulate-workers", "3", "--out", _dir))
            .Code.Should().Be(0);
        string[] Route(string output) =>
        [
            "workflow", "route", "--manifest", PathOf("output.manifest"), "--sample-rate", "0.5", "--qa-seed", "9",
            "--out", PathOf(output),
        ];

        var first = await Gtpose.RunAsync(Route("a.manifest"));
        var second = await Gtpose.RunAsync(Route("b.manifest"));
        var merged = await Gtpose.RunAsync(
            "workflow", "merge", "--manifest", PathOf("output.manifest"), "--out", PathOf("final.manifest"));

        first.Code.Should().Be(0, first.Err);
        first.Out.Should().Contain("Routed");
        File.ReadAllText(PathOf("b.manifest")).Should().Be(File.ReadAllText(PathOf("a.manifest")));
        merged.Code.Should().Be(0, merged.Err);
        Lines("final.manifest").Should().HaveCount(20);
        Lines("final.manifest").Should()
            .OnlyContain(l => !l.GetProperty("pose-metadata").GetProperty("audited").GetBoolean());
        File.Exists(PathOf("report.json")).Should().BeTrue();
    }

    [Fact]
    public async Task WorkflowRun_CapBelowTheFlaggedCount_AuditsAtMostTheCapAndTheRestKeepNeedsReview()
    {
        var (code, output, err) = await Gtpose.RunAsync(
            "workflow", "run", "--sample", "--sample-size", "40", "--sample-rate", "0", "--max-audit-share", "0.05",
            "--second-level", "audit", "--out", _dir);

        code.Should().Be(0, err);
        Lines("audit-input.manifest").Should().HaveCount(2, "5% of 40 objects");
        var report = JsonDocument.Parse(File.ReadAllText(PathOf("report.json"))).RootElement;
        var flagged = report.GetProperty("flagged").GetInt32();
        flagged.Should().BeGreaterThan(2, "the sample must flag more objects than the cap lets through");
        report.GetProperty("flagged_unaudited").GetInt32().Should().Be(flagged - 2);
        Lines("final.manifest").Count(l => l.GetProperty("pose").GetProperty("needs_review").GetBoolean()
                && !l.GetProperty("pose-metadata").GetProperty("audited").GetBoolean())
            .Should().Be(flagged - 2);
        output.Should().Contain($"({flagged - 2} not audited: they keep needs_review;");
    }

    [Fact]
    public async Task WorkflowRun_SampleRateAboveTheBudget_SaysTheBudgetHoldsOnlyPartOfTheSample()
    {
        var (code, _, err) = await Gtpose.RunAsync(
            "workflow", "run", "--sample", "--sample-size", "40", "--sample-rate", "0.2", "--out", _dir);

        code.Should().Be(0, err);
        Lines("audit-input.manifest").Should().HaveCount(6, "the default budget, 15% of 40 objects");
        err.Should().Contain("route: the QA sample holds 6 of the 8 objects the sample rate asks for")
            .And.Contain("--max-audit-share");
    }

    [Fact]
    public async Task WorkflowRoute_CapOutOfRange_OneLineErrorAndExit2()
    {
        var (code, _, err) = await Gtpose.RunAsync(
            "workflow", "route", "--manifest", PathOf("none"), "--max-audit-share", "3", "--out", PathOf("x"));

        code.Should().Be(2);
        Gtpose.SingleErrorLine(err, "workflow route")
            .Should().StartWith("gtpose workflow route: --max-audit-share is 3, expected a number from 0 to 1");
    }

    [Fact]
    public async Task WorkflowRoute_RateOutOfRange_OneLineErrorAndExit2()
    {
        var (code, _, err) = await Gtpose.RunAsync(
            "workflow", "route", "--manifest", PathOf("none"), "--sample-rate", "2", "--out", PathOf("x"));

        code.Should().Be(2);
        Gtpose.SingleErrorLine(err, "workflow route")
            .Should().StartWith("gtpose workflow route: --sample-rate is 2, expected a number from 0 to 1");
    }

    [Fact]
    public async Task JobRequest_StackOutputs_CreateLabelingJobRequest()
    {
        await File.WriteAllTextAsync(PathOf("outputs.json"), """
            {"Stacks": [{"Outputs": [
              {"OutputKey": "JobOutputS3Uri", "OutputValue": "s3://bucket/jobs/"},
              {"OutputKey": "LabelingJobRoleArn", "OutputValue": "arn:aws:iam::111122223333:role/labeling"},
              {"OutputKey": "AuditWorkteamArn",
               "OutputValue": "arn:aws:sagemaker:us-west-2:111122223333:workteam/private-crowd/experts"},
              {"OutputKey": "AuditUiTemplateS3Uri", "OutputValue": "s3://bucket/templates/audit.liquid.html"},
              {"OutputKey": "AuditPreAnnotationLambdaArn",
               "OutputValue": "arn:aws:lambda:us-west-2:111122223333:function:SageMaker-pre-audit"},
              {"OutputKey": "AuditPostAnnotationLambdaArn",
               "OutputValue": "arn:aws:lambda:us-west-2:111122223333:function:SageMaker-post-audit"},
              {"OutputKey": "AuditWorkersPerObject", "OutputValue": "1"},
              {"OutputKey": "TaskTimeLimitInSeconds", "OutputValue": "600"},
              {"OutputKey": "TaskAvailabilityLifetimeInSeconds", "OutputValue": "864000"},
              {"OutputKey": "MaxConcurrentTaskCount", "OutputValue": "1000"},
              {"OutputKey": "KmsKeyArn", "OutputValue": ""}]}]}
            """);

        var (code, output, err) = await Gtpose.RunAsync(
            "job", "request", "--manifest", "s3://bucket/audit-input.manifest",
            "--stack-outputs", PathOf("outputs.json"), "--job-name", "run-1-audit", "--level", "audit");

        code.Should().Be(0, err);
        var request = JsonDocument.Parse(output).RootElement;
        request.GetProperty("LabelingJobName").GetString().Should().Be("run-1-audit");
        request.GetProperty("LabelAttributeName").GetString().Should().Be("pose-audit");
        request.GetProperty("InputConfig").GetProperty("DataSource").GetProperty("S3DataSource")
            .GetProperty("ManifestS3Uri").GetString().Should().Be("s3://bucket/audit-input.manifest");
        request.GetProperty("OutputConfig").TryGetProperty("KmsKeyId", out _).Should().BeFalse();
        var task = request.GetProperty("HumanTaskConfig");
        task.GetProperty("NumberOfHumanWorkersPerDataObject").GetInt32().Should().Be(1);
        task.GetProperty("AnnotationConsolidationConfig").GetProperty("AnnotationConsolidationLambdaArn").GetString()
            .Should().EndWith("SageMaker-post-audit");
    }

    [Fact]
    public async Task JobRequest_OutputMissing_NamesIt()
    {
        await File.WriteAllTextAsync(PathOf("outputs.json"), """{"JobOutputS3Uri": "s3://bucket/jobs/"}""");

        var (code, _, err) = await Gtpose.RunAsync(
            "job", "request", "--manifest", "s3://b/m", "--stack-outputs", PathOf("outputs.json"), "--job-name", "j1");

        code.Should().Be(2);
        err.Should().Contain("the stack outputs lack LabelingJobRoleArn");
    }

    public void Dispose() => _dir.Dispose();
}
