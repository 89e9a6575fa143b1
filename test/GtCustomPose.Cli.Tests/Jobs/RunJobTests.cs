using System.Text.Json;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Jobs;

public sealed class RunJobTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-job");

    private List<JsonElement> Manifest(string file = "output.manifest") =>
        File.ReadAllLines(Path.Combine(_dir, file)).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public async Task RunJob_Sample_WritesOutputManifestTasksAndSummary()
    {
        var (code, output, err) = await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "8", "--out", _dir);
        code.Should().Be(0, err);
        output.Should().Contain("objects            8").And.Contain("mean OKS vs truth");
        var lines = Manifest();
        lines.Should().HaveCount(8);
        foreach (var line in lines)
        {
            line.GetProperty("source-ref").GetString().Should().StartWith("s3://gtpose-sample/images/");
            line.GetProperty("pose").GetProperty("instances").GetArrayLength().Should().BeGreaterThan(0);
            var metadata = line.GetProperty("pose-metadata");
            metadata.GetProperty("type").GetString().Should().Be("groundtruth/custom");
            metadata.GetProperty("job-name").GetString().Should().Be("gtpose-local-job");
            metadata.GetProperty("human-annotated").GetString().Should().Be("yes");
            DateTime.TryParse(metadata.GetProperty("creation-date").GetString(),
                System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None,
                    out _).Should().BeTrue();
        }
        Directory.GetFiles(Path.Combine(_dir, "tasks"), "*.html").Should().HaveCount(8);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "summary.json"))).RootElement;
        summary.GetProperty("labeled").GetInt32().Should().Be(8);
        summary.GetProperty("answers").GetInt32().Should().Be(40);
        summary.GetProperty("mean_oks_vs_truth").GetDouble().Should().BeGreaterThan(0.85,
            "five simulated workers consolidate close to the rendered truth");
    }

    [Fact]
    public async Task RunJob_RecordedAnswersInBothFormats_ConsolidatesAndReportsFailures()
    {
        var manifest = Path.Combine(_dir, "in.manifest");
        await File.WriteAllLinesAsync(manifest,
        [
            """{"source-ref": "s3://b/images/a.png"}""",
            """{"no-image": true}""",
            """{"source-ref": "s3://b/images/c.png"}""",
        ]);
        var skeleton = JsonSerializer.Serialize(
            """[{"name": "s", "annotations": """ +
            """[{"label": "nose", "x": 100, "y": 50}, {"label": "left_eye", "x": 104, "y": 46}]}]""");
        var answers = Path.Combine(_dir, "answers.jsonl");
        await File.WriteAllLinesAsync(answers,
        [
            """{"source-ref": "s3://b/images/a.png", "workerId": "w1", "answer": """ +
                $$$"""{"updated_annotations": {{{skeleton}}}, "original_annotations": "[]"}}""",
            """{"source-ref": "s3://b/images/a.png", "workerId": "w2", "answer": """ +
                """{"kp": {"annotatedResult": {"inputImageProperties": {"width": 640, "height": 480}, "keypoints": """ +
                """[{"label": "nose", "x": 101, "y": 51}, {"label": "left_eye", "x": 105, "y": 47}]}}}}""",
            """{"line": 3, "workerId": "w1", "content": "this is not json"}""",
        ]);
        var (code, output, err) = await Gtpose.RunAsync("run-job", "--manifest", manifest, "--answers", answers,
            "--out", _dir, "--label-attribute", "keypoints");
        code.Should().Be(0, err);
        var line = Manifest().Single();
        line.GetProperty("source-ref").GetString().Should().Be("s3://b/images/a.png");
        var label = line.GetProperty("keypoints");
        label.GetProperty("workers").GetArrayLength().Should().Be(2);
        label.GetProperty("image_size").GetProperty("width").GetInt32().Should().Be(640);
        var failures = File.ReadAllLines(Path.Combine(_dir, "failures.jsonl")).Select(l =>
            JsonDocument.Parse(l).RootElement).ToList();
        failures.Select(f => f.GetProperty("line").GetInt32()).Should().Equal(2, 3);
        failures[0].GetProperty("reason").GetString().Should().Contain("no image");
        output.Should().Contain("2 failed");
        err.Should().Contain("warning: 2 of 2 images of in.manifest are missing").And.Contain("their task pages show " +
            "no image");
    }

    [Fact]
    public async Task RunJob_ThroughMotoServer_SameJobOverTheS3Api()
    {
        using var moto = new MotoServer();
        await moto.CreateBucketAsync("gtpose-sample");
        await moto.CreateBucketAsync("gtpose-local");
        var (code, _, err) = await Gtpose.RunAsync(moto.Environment, "run-job", "--sample", "--sample-size", "3",
            "--out", _dir);
        code.Should().Be(0, err);
        Manifest().Should().HaveCount(3);
        using var s3 = moto.CreateClient();
        var listed = await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = "gtpose-local",
            Prefix = "gtpose-local-job/annotations/consolidated-annotation/consolidation-request/" });
        listed.S3Objects.Should().ContainSingle("3 objects fit the first batch of 10");
        Directory.Exists(Path.Combine(_dir, "store")).Should().BeFalse("the store is S3 here");
    }

    [Fact]
    public async Task RunJob_ChainedAuditJob_UsesEarlierLabelsAsInitialValues()
    {
        (await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "2", "--out", _dir)).Code.Should().Be(0);
        var audit = Path.Combine(_dir, "audit");
        var (code, _, err) = await Gtpose.RunAsync("run-job", "--manifest", Path.Combine(_dir, "output.manifest"),
            "--simulate-workers", "3",
            "--out", audit, "--store", Path.Combine(_dir, "store"), "--chained-label-attribute", "pose",
                "--label-attribute", "pose-audit", "--job-name", "audit");
        code.Should().Be(0, err);
        var page = File.ReadAllText(Directory.GetFiles(Path.Combine(audit, "tasks")).Order().First());
        page.Should().Contain("initial-values='[{&quot;name&quot;");
        var line = JsonDocument.Parse(File.ReadAllLines(Path.Combine(audit, "output.manifest"))[0]).RootElement;
        line.TryGetProperty("pose", out _).Should().BeTrue("earlier labels pass through");
        line.TryGetProperty("pose-audit", out _).Should().BeTrue();
    }

    public void Dispose() => _dir.Dispose();
}
