using GtCustomPose.Core.Workflow;
using static GtCustomPose.Core.Tests.Workflow.WorkflowFixtures;

namespace GtCustomPose.Core.Tests.Workflow;

public sealed class WorkflowMergerTests
{
    private static async Task<string[]> AuditLines(IEnumerable<string> level1, double rate, double share = 1)
    {
        var output = new StringWriter();
        await AuditRouter.RouteAsync(
            new StringReader(string.Join('\n', level1)),
            output,
            new RouteOptions { SampleRate = rate, Seed = 3, MaxAuditShare = share });
        return Lines(output.ToString());
    }

    private static async Task<(MergeReport Report, string[] Lines, string[] Failures)> Merge(
        IEnumerable<string> level1,
        IEnumerable<string>? audit)
    {
        var output = new StringWriter();
        var failures = new StringWriter();
        var report = await WorkflowMerger.MergeAsync(new StringReader(string.Join('\n', level1)),
            audit is null ? null : new StringReader(string.Join('\n', audit)), output, failures, new MergeOptions());
        return (report, Lines(output.ToString()), Lines(failures.ToString()));
    }

    [Fact]
    public async Task MergeAsync_FlaggedObjectsTheCapLeftOut_CountedAndKeepNeedsReview()
    {
        var level1 = Enumerable.Range(0, 20).Select(i => Line(i, Person(needsReview: i < 5))).ToList();
        var output = new StringWriter();
        await AuditRouter.RouteAsync(new StringReader(string.Join('\n', level1)), output,
            new RouteOptions { SampleRate = 0, MaxAuditShare = 0.1 });
        var audit = Lines(output.ToString()).Select(l => AuditOutput(l, Audited(Person(), noChangesNeeded: true)));

        var (report, lines, _) = await Merge(level1, audit);

        report.Flagged.Should().Be(5);
        report.Audited.Should().Be(2);
        report.FlaggedUnaudited.Should().Be(3);
        lines.Select(Json).Count(l => l.GetProperty("pose").GetProperty("needs_review").GetBoolean()).Should().Be(3);
    }

    [Fact]
    public async Task MergeAsync_NothingAudited_EveryLevel1LineOnceInOrder()
    {
        var level1 = Enumerable.Range(0, 50).Select(i => Line(i, i == 7 ? null : Person())).Append("{broken").ToList();

        var (report, lines, failures) = await Merge(level1, null);

        report.Objects.Should().Be(51);
        (report.Written + report.Failures).Should().Be(report.Objects);
        lines.Should().HaveCount(49);
        failures.Should().HaveCount(2);
        lines.Select(l => Json(l).GetProperty("source-ref").GetString())
            .Should().Equal(Enumerable.Range(0, 50).Where(i => i != 7).Select(i => $"s3://bucket/images/{i:D5}.png"));
        lines.Should().OnlyContain(l => Json(l).GetProperty("camera").GetString() == "north");
        var noLabel = Json(failures[0]);
        noLabel.GetProperty("line").GetInt32().Should().Be(8);
        noLabel.GetProperty("source_ref").GetString().Should().Be("s3://bucket/images/00007.png");
        noLabel.GetProperty("reason").GetString().Should()
            .Contain("no usable worker answer")
            .And.Contain("not sent to the audit");
        Json(failures[1]).GetProperty("line").GetInt32().Should().Be(51);
    }

    [Fact]
    public async Task MergeAsync_AuditorChangedTheLabel_AuditedLabelWithProvenance()
    {
        var level1 = new[] { Line(0, Person()), Line(1, Person(needsReview: true)) };
        var audit = await AuditLines(level1, rate: 0, share: 0.5);
        var fixedLabel = Audited(Person(dx: 40), noChangesNeeded: false);

        var (report, lines, _) = await Merge(level1, [AuditOutput(audit.Single(), fixedLabel)]);

        var merged = Json(lines[1]);
        merged.GetProperty("pose").GetProperty("instances")[0].GetProperty("keypoints")[0].GetProperty("x").GetDouble()
            .Should().Be(fixedLabel.Instances[0].Keypoints[0].X);
        var metadata = merged.GetProperty("pose-metadata");
        metadata.GetProperty("audited").GetBoolean().Should().BeTrue();
        metadata.GetProperty("audit-reasons")[0].GetString().Should().Be("low_confidence");
        metadata.GetProperty("audit-changed").GetBoolean().Should().BeTrue();
        metadata.GetProperty("audit-material-change").GetBoolean().Should().BeTrue();
        metadata.GetProperty("audit-oks").GetDouble().Should().BeLessThan(0.9);
        metadata.GetProperty("job-name").GetString().Should().Be("level1");
        metadata.GetProperty("audit-job-name").GetString().Should().Be("audit");
        metadata.GetProperty("type").GetString().Should().Be("groundtruth/custom");
        merged.TryGetProperty("pose-audit", out _).Should().BeFalse();
        merged.TryGetProperty("gtpose-audit", out _).Should().BeFalse();
        var untouched = Json(lines[0]).GetProperty("pose-metadata");
        untouched.GetProperty("audited").GetBoolean().Should().BeFalse();
        untouched.TryGetProperty("audit-job-name", out _).Should().BeFalse();
        report.Audited.Should().Be(1);
        report.ChangedMaterially.Should().Be(1);
        report.VerdictPrecision.Rate.Should().Be(1);
        report.Level1Job.Should().Be("level1");
        report.AuditJob.Should().Be("audit");
    }

    [Fact]
    public async Task MergeAsync_NoChangesNeeded_KeepsTheLevel1SkeletonsAndSettlesTheVerdict()
    {
        var level1 = new[] { Line(0, Person(needsReview: true)) };
        var audit = await AuditLines(level1, rate: 0);
        // Whatever the auditor's page sent back as the skeleton, the box says the level-1 label stands.
        var answer = Audited(Person(dx: 3), noChangesNeeded: true);

        var (report, lines, _) = await Merge(level1, [AuditOutput(audit.Single(), answer)]);

        var merged = Json(lines.Single());
        var pose = merged.GetProperty("pose");
        var level1Pose = Json(level1[0]).GetProperty("pose");
        pose.GetProperty("instances").GetRawText().Should().Be(level1Pose.GetProperty("instances").GetRawText());
        pose.GetProperty("workers").GetRawText().Should().Be(level1Pose.GetProperty("workers").GetRawText());
        pose.GetProperty("needs_review").GetBoolean().Should().BeFalse();
        pose.GetProperty("review_reasons").GetArrayLength().Should().Be(0);
        merged.GetProperty("pose-metadata").GetProperty("audit-reasons")[0].GetString().Should().Be("low_confidence");
        merged.GetProperty("pose-metadata").GetProperty("audit-changed").GetBoolean().Should().BeFalse();
        merged.GetProperty("pose-metadata").GetProperty("audit-oks").GetDouble().Should().Be(1);
        report.NoChangesNeeded.Should().Be(1);
        report.Changed.Should().Be(0);
        report.VerdictPrecision.Rate.Should().Be(0);
    }

    [Fact]
    public async Task MergeAsync_NoLabelAtLevel1_AuditedLabelOrFailureWithTheAuditsReason()
    {
        var level1 = new[] { Line(0, null), Line(1, null) };
        var audit = await AuditLines(level1, rate: 0);

        var (report, lines, failures) = await Merge(
            level1,
            [AuditOutput(audit[0], Audited(Person(), false)), AuditOutput(audit[1], null)]);

        lines.Should().ContainSingle();
        var metadata = Json(lines[0]).GetProperty("pose-metadata");
        metadata.GetProperty("audit-reasons")[0].GetString().Should().Be("no_label");
        metadata.TryGetProperty("failure-reason", out _).Should().BeFalse();
        metadata.TryGetProperty("audit-oks", out _).Should().BeFalse();
        Json(failures.Single()).GetProperty("reason").GetString().Should()
            .Contain("the audit returned none (ClientError: no answer)");
        report.NoLabel.Should().Be(2);
        (report.Written + report.Failures).Should().Be(2);
    }

    [Fact]
    public async Task MergeAsync_QaSample_ResidualEstimateWithWilsonInterval()
    {
        var level1 = Enumerable.Range(0, 400).Select(i => Line(i, Person())).ToList();
        var audit = await AuditLines(level1, rate: 0.25, share: 0.25);
        // The auditor moves every fifth sampled object by 40 px and confirms the rest.
        var outputs = audit
            .Select((l, i) => AuditOutput(l, i % 5 == 0 ? Audited(Person(dx: 40), false) : Audited(Person(), true)))
            .ToList();

        var (report, _, _) = await Merge(level1, outputs);

        var n = audit.Length;
        var k = (n + 4) / 5;
        report.Sampled.Should().Be(n);
        report.ResidualErrorEstimate.Trials.Should().Be(n);
        report.ResidualErrorEstimate.Successes.Should().Be(k);
        report.ResidualErrorEstimate.Rate.Should().BeApproximately((double)k / n, 1e-12);
        var (low, high) = WilsonInterval.Of(k, n);
        report.ResidualErrorEstimate.Low.Should().Be(low);
        report.ResidualErrorEstimate.High.Should().Be(high);
        report.Flagged.Should().Be(0);
        report.VerdictPrecision.Rate.Should().BeNull();
    }

    [Fact]
    public async Task MergeAsync_SameImageTwice_AuditJoinedToTheRoutedLine()
    {
        var level1 = new[] { Line(5, Person()), Line(5, Person(needsReview: true)) };
        var audit = await AuditLines(level1, rate: 0, share: 0.5);

        var (_, lines, _) = await Merge(level1, [AuditOutput(audit.Single(), Audited(Person(dx: 40), false))]);

        Json(lines[0]).GetProperty("pose-metadata").GetProperty("audited").GetBoolean().Should().BeFalse();
        Json(lines[1]).GetProperty("pose-metadata").GetProperty("audited").GetBoolean().Should().BeTrue();
    }
}
