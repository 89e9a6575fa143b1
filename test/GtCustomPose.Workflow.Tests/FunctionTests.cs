using System.Text.Json;
using GtCustomPose.Testing;

namespace GtCustomPose.Workflow.Tests;

/// <summary>
/// The workflow functions' handler strings from the template, resolved by reflection and invoked against moto_server.
/// </summary>
public sealed class FunctionTests : IClassFixture<FunctionTests.Moto>
{
    private const string Bucket = "gtpose-workflow";
    private readonly MotoServer _server;

    public FunctionTests(Moto moto) => _server = moto.Server;

    /// <summary>
    /// One moto_server, which the handlers' parameterless constructors reach through AWS_ENDPOINT_URL_S3.
    /// </summary>
    public sealed class Moto : IDisposable
    {
        public Moto()
        {
            Server = new MotoServer();
            foreach (var (k, v) in Server.Environment) Environment.SetEnvironmentVariable(k, v);
            Server.CreateBucketAsync(Bucket).GetAwaiter().GetResult();
        }

        public MotoServer Server { get; }

        public void Dispose() => Server.Dispose();
    }

    private static string Handler(string type) => HandlerStrings.All()
        .Where(h => h.File == Path.Combine("template", "gtpose-workflow.yaml")
            && h.Handler.Contains($".{type}::", StringComparison.Ordinal))
        .Select(h => h.Handler).Distinct().Single();

    private static string Label(bool needsReview, double dx = 0) => JsonSerializer.Serialize(new
    {
        image_size = new { width = 640, height = 480 },
        instances = new[]
        {
            new
            {
                name = "skeleton_1",
                keypoints = new[]
                {
                    new { label = "nose", x = 100 + dx, y = 50.0, confidence = 0.9, votes = 3 },
                    new { label = "left_eye", x = 104 + dx, y = 46.0, confidence = 0.9, votes = 3 },
                },
            },
        },
        needs_review = needsReview,
        review_reasons = needsReview ? new[] { "low_confidence" } : Array.Empty<string>(),
        workers = Array.Empty<object>(),
        consolidation = new { method = "gtpose-robust-v1", worker_count = 3, rig = "coco-person-17" },
    });

    [Fact]
    public async Task RouteAndMerge_HandlerStringsFromTheTemplate_RouteThenMergeOnS3()
    {
        var level1 = string.Join('\n',
            $$"""{"source-ref": "s3://{{Bucket}}/images/a.png", "pose": {{Label(false)}},""" +
            $$""" "pose-metadata": {"job-name": "run-1-level1"} }""",
            $$"""{"source-ref": "s3://{{Bucket}}/images/b.png", "pose": {{Label(true)}},""" +
            $$""" "pose-metadata": {"job-name": "run-1-level1"} }""",
            $$"""{"source-ref": "s3://{{Bucket}}/images/c.png",""" +
            $$""" "pose-metadata": {"job-name": "run-1-level1", "failure-reason": "no answer"} }""");
        await _server.PutAsync(Bucket, "wf/level1r.manifest", level1);
        var (route, routeMethod) = HandlerStrings.Resolve(Handler("RouteFunction"));

        var routed = JsonDocument.Parse(await HandlerStrings.InvokeAsync(route, routeMethod,
            $$"""{"manifestS3Uri": "s3://{{Bucket}}/wf/level1r.manifest", "labelAttribute": "pose",""" +
            $$""" "sampleRate": 0, "maxAuditShare": 0.67, "seed": 1,""" +
            $$""" "outputS3Uri": "s3://{{Bucket}}/wf/audit-input.manifest"}"""))
            .RootElement;

        routed.GetProperty("auditManifestS3Uri").GetString().Should().Be($"s3://{Bucket}/wf/audit-input.manifest");
        routed.GetProperty("objects").GetInt32().Should().Be(3);
        routed.GetProperty("selected").GetInt32().Should().Be(2);
        routed.GetProperty("flagged").GetInt32().Should().Be(1);
        routed.GetProperty("noLabel").GetInt32().Should().Be(1);
        routed.GetProperty("sampled").GetInt32().Should().Be(0);

        // The audit job's output: the routed lines with the auditor's label under pose-audit.
        using var s3 = _server.CreateClient();
        var audit = await s3.GetObjectAsync(Bucket, "wf/audit-input.manifest");
        var auditLines = new StreamReader(audit.ResponseStream).ReadToEnd()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l[..^1] +
                $$""", "pose-audit": {{Label(false, dx: 60)}}, "pose-audit-metadata": {"job-name": "run-1-audit"} }""");
        await _server.PutAsync(Bucket, "wf/audit-output.manifest", string.Join('\n', auditLines));
        var (merge, mergeMethod) = HandlerStrings.Resolve(Handler("MergeFunction"));

        var merged = JsonDocument.Parse(await HandlerStrings.InvokeAsync(merge, mergeMethod,
            $$"""{"manifestS3Uri": "s3://{{Bucket}}/wf/level1r.manifest",""" +
            $$""" "auditManifestS3Uri": "s3://{{Bucket}}/wf/audit-output.manifest",""" +
            $$""" "labelAttribute": "pose", "auditLabelAttribute": "pose-audit",""" +
            $$""" "outputS3Uri": "s3://{{Bucket}}/wf/final.manifest",""" +
            $$""" "reportS3Uri": "s3://{{Bucket}}/wf/report.json",""" +
            $$""" "failuresS3Uri": "s3://{{Bucket}}/wf/failures.jsonl"}"""))
            .RootElement;

        merged.GetProperty("objects").GetInt32().Should().Be(3);
        merged.GetProperty("written").GetInt32().Should().Be(3);
        merged.GetProperty("audited").GetInt32().Should().Be(2);
        merged.GetProperty("changedMaterially").GetInt32().Should().Be(2);
        merged.GetProperty("verdictPrecision").GetProperty("rate").GetDouble().Should().Be(1);
        // Nothing was QA-sampled: the residual estimate says so, with no interval, and so does the advice.
        merged.GetProperty("residual").GetProperty("unaudited").GetInt32().Should().Be(1);
        merged.GetProperty("residual").TryGetProperty("low", out _).Should().BeFalse();
        merged.GetProperty("advice").GetProperty("action").GetString().Should().Be("no_estimate");
        var final = await s3.GetObjectAsync(Bucket, "wf/final.manifest");
        var lines = new StreamReader(final.ResponseStream).ReadToEnd()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToList();
        lines.Select(l => l.GetProperty("pose-metadata").GetProperty("audited").GetBoolean())
            .Should().Equal(false, true, true);
        lines[2].GetProperty("pose").GetProperty("instances")[0].GetProperty("keypoints")[0]
            .GetProperty("x").GetDouble().Should().Be(160);
        var report = await s3.GetObjectAsync(Bucket, "wf/report.json");
        JsonDocument.Parse(report.ResponseStream).RootElement.GetProperty("objects").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task Route_MaxAuditShare_AuditHoldsTheRiskiestFlaggedObjectAndCountsTheRest()
    {
        var level1 = string.Join('\n', Enumerable.Range(0, 10).Select(i =>
            $$"""{"source-ref": "s3://{{Bucket}}/images/{{i}}.png", "pose": {{Label(i < 3)}} }"""));
        await _server.PutAsync(Bucket, "cap/level1r.manifest", level1);
        var (route, method) = HandlerStrings.Resolve(Handler("RouteFunction"));

        var routed = JsonDocument.Parse(await HandlerStrings.InvokeAsync(route, method,
            $$"""{"manifestS3Uri": "s3://{{Bucket}}/cap/level1r.manifest", "sampleRate": 0,""" +
            $$""" "maxAuditShare": 0.1, "outputS3Uri": "s3://{{Bucket}}/cap/audit-input.manifest"}"""))
            .RootElement;

        routed.GetProperty("selected").GetInt32().Should().Be(1);
        routed.GetProperty("flagged").GetInt32().Should().Be(1);
        routed.GetProperty("overBudget").GetInt32().Should().Be(2);
        routed.GetProperty("budget").GetInt32().Should().Be(1);
        routed.GetProperty("overBudgetExpectedWrong").GetDouble().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Route_NoSettings_TheDefaultBudgetAndQaShare()
    {
        var level1 = string.Join('\n', Enumerable.Range(0, 40).Select(i =>
            $$"""{"source-ref": "s3://{{Bucket}}/images/{{i}}.png", "pose": {{Label(i < 10)}} }"""));
        await _server.PutAsync(Bucket, "defaults/level1r.manifest", level1);
        var (route, method) = HandlerStrings.Resolve(Handler("RouteFunction"));

        var routed = JsonDocument.Parse(await HandlerStrings.InvokeAsync(route, method,
            $$"""{"manifestS3Uri": "s3://{{Bucket}}/defaults/level1r.manifest",""" +
            $$""" "outputS3Uri": "s3://{{Bucket}}/defaults/audit-input.manifest"}""")).RootElement;

        // 15% of 40 is 6, 5% of 40 is 2: two QA objects and four flagged ones.
        routed.GetProperty("budget").GetInt32().Should().Be(6);
        routed.GetProperty("selected").GetInt32().Should().Be(6);
        routed.GetProperty("sampled").GetInt32().Should().Be(2);
    }

    [Theory]
    [InlineData(0.01, 0.2, 0.1, 2)]
    [InlineData(0.01, 0.4, 0.1, 4)]
    [InlineData(0.5, 0.2, 0.1, 2)]
    [InlineData(0.5, 0.2, 0.6, 0)]
    public async Task Route_RelabelIfNeeded_RelabelLinesOnlyWhenTheAuditLeavesFlaggedLabelsOut(
        double targetError, double maxRelabelShare, double auditShare, int expected)
    {
        var key = string.Create(
            System.Globalization.CultureInfo.InvariantCulture, $"auto-{targetError}-{maxRelabelShare}-{auditShare}");
        var level1 = string.Join('\n', Enumerable.Range(0, 10).Select(i =>
            $$"""{"source-ref": "s3://{{Bucket}}/images/{{i}}.png", "pose": {{Label(i < 6)}} }"""));
        await _server.PutAsync(Bucket, $"{key}/level1r.manifest", level1);
        var (route, method) = HandlerStrings.Resolve(Handler("RouteFunction"));

        // An audit of 1 of 10 leaves 5 flagged labels: above 1 % of 10 objects, within half of them. Above, route
        // re-labels as many as the audit would miss, from maxAuditShare up to maxRelabelShare; within, maxAuditShare.
        // An audit of 6 holds all 6 flagged: nothing to re-label.
        var routed = JsonDocument.Parse(await HandlerStrings.InvokeAsync(route, method, string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $$"""{"manifestS3Uri": "s3://{{Bucket}}/{{key}}/level1r.manifest", "sampleRate": 0,""" +
            $$""" "maxAuditShare": 0.2, "auditShare": {{auditShare}}, "targetError": {{targetError}},""" +
            $$""" "maxRelabelShare": {{maxRelabelShare}},""" +
            $$""" "secondLevel": "relabel-if-needed", "outputS3Uri": "s3://{{Bucket}}/{{key}}/relabel.manifest"}""")))
            .RootElement;

        routed.GetProperty("objects").GetInt32().Should().Be(10);
        routed.GetProperty("selected").GetInt32().Should().Be(expected);
        using var s3 = _server.CreateClient();
        using var written = await s3.GetObjectAsync(Bucket, $"{key}/relabel.manifest");
        var lines = new StreamReader(written.ResponseStream).ReadToEnd()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(expected);
        lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("gtpose-audit").GetProperty("mode")
            .GetString()).Where(m => m != "relabel").Should().BeEmpty();
    }

    [Theory]
    [InlineData("\"auditShare\": 2", "route: 'auditShare' is 2, expected a number from 0 to 1")]
    [InlineData("\"targetError\": -1", "route: 'targetError' is -1, expected a number from 0 to 1")]
    [InlineData("\"maxRelabelShare\": 1.5", "route: 'maxRelabelShare' is 1.5, expected a number from 0 to 1")]
    [InlineData("\"maxAuditShare\": 0.3, \"maxRelabelShare\": 0.2",
        "route: 'maxRelabelShare' is 0.2, below the least share re-labeled ('maxAuditShare', 0.3)")]
    public async Task Route_RelabelIfNeededSettingOutOfRange_OneLineErrorNamingTheField(string field, string message)
    {
        await _server.PutAsync(Bucket, "auto-bad/level1r.manifest", Label(false));
        var (route, method) = HandlerStrings.Resolve(Handler("RouteFunction"));

        var act = () => HandlerStrings.InvokeAsync(route, method,
            $$"""{"manifestS3Uri": "s3://{{Bucket}}/auto-bad/level1r.manifest", "secondLevel": "relabel-if-needed",""" +
            $$""" {{field}}, "outputS3Uri": "s3://{{Bucket}}/auto-bad/out"}""");

        (await act.Should().ThrowAsync<WorkflowException>()).Which.Message.Should().Be(message);
    }

    [Fact]
    public async Task Route_UnknownSecondLevel_OneLineErrorListingTheLevels()
    {
        var (route, method) = HandlerStrings.Resolve(Handler("RouteFunction"));

        var act = () => HandlerStrings.InvokeAsync(route, method,
            $$"""{"manifestS3Uri": "s3://{{Bucket}}/m", "secondLevel": "expert",""" +
            $$""" "outputS3Uri": "s3://{{Bucket}}/k"}""");

        (await act.Should().ThrowAsync<WorkflowException>()).Which.Message.Should().Be(
            "route: 'secondLevel' is 'expert', expected audit, relabel, relabel-audit, auto or relabel-if-needed");
    }

    [Fact]
    public async Task Merge_TargetErrorOutOfRange_OneLineErrorNamingTheField()
    {
        var (merge, method) = HandlerStrings.Resolve(Handler("MergeFunction"));

        var act = () => HandlerStrings.InvokeAsync(merge, method,
            $$"""{"manifestS3Uri": "s3://{{Bucket}}/m", "outputS3Uri": "s3://{{Bucket}}/k", "targetError": 2}""");

        (await act.Should().ThrowAsync<WorkflowException>()).Which.Message.Should()
            .Be("merge: 'targetError' is 2, expected a number from 0 to 1");
    }

    [Fact]
    public async Task Route_MaxAuditShareOutOfRange_OneLineErrorNamingTheField()
    {
        var (route, method) = HandlerStrings.Resolve(Handler("RouteFunction"));

        var act = () => HandlerStrings.InvokeAsync(route, method,
            $$"""{"manifestS3Uri": "s3://{{Bucket}}/m", "maxAuditShare": 1.5, "outputS3Uri": "s3://{{Bucket}}/k"}""");

        (await act.Should().ThrowAsync<WorkflowException>()).Which.Message.Should()
            .Be("route: 'maxAuditShare' is 1.5, expected a number from 0 to 1");
    }

    [Fact]
    public async Task Route_BadEvent_OneLineErrorNamingTheField()
    {
        var (route, method) = HandlerStrings.Resolve(Handler("RouteFunction"));

        var act = () => HandlerStrings.InvokeAsync(
            route,
            method,
            """{"manifestS3Uri": "https://example.com/m", "outputS3Uri": "s3://b/k"}""");

        (await act.Should().ThrowAsync<WorkflowException>()).Which.Message.Should()
            .Be("route: 'manifestS3Uri' is 'https://example.com/m', expected an s3://bucket/key URI");
    }

    [Fact]
    public async Task Merge_MissingManifest_NamesTheUri()
    {
        var (merge, method) = HandlerStrings.Resolve(Handler("MergeFunction"));

        var act = () => HandlerStrings.InvokeAsync(
            merge,
            method,
            $$"""{"manifestS3Uri": "s3://{{Bucket}}/wf/none.manifest",""" +
            $$""" "outputS3Uri": "s3://{{Bucket}}/wf/x.manifest"}""");

        (await act.Should().ThrowAsync<WorkflowException>()).Which.Message.Should()
            .StartWith($"merge: cannot read s3://{Bucket}/wf/none.manifest");
    }
}
