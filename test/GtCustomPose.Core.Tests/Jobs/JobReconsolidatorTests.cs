using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GtCustomPose.Core.Tests.Jobs;

public class JobReconsolidatorTests
{
    private static readonly JobOutputLayout Layout = JobOutputLayout.Parse("s3://labels/out/level1-job/");
    private static readonly SimulationSettings Crowd = new() { WorkersPerObject = 5, WorkforceSize = 12 };

    private static async Task<(List<JsonElement> Lines, List<JsonElement> Failures, ReconsolidationResult Result)>
        RunAsync(InMemoryStore store, string manifest, ReconsolidationOptions? options = null)
    {
        var reconsolidator = new JobReconsolidator(store, Layout, Rig.Coco17, options);
        using var output = new MemoryStream();
        using var failures = new MemoryStream();
        var result = await reconsolidator.RunAsync(
            _ => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(manifest))),
            output,
            failures);
        return (Lines(output), Lines(failures), result);
    }

    private static List<JsonElement> Lines(MemoryStream s) =>
        Encoding.UTF8.GetString(s.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();

    [Fact]
    public async Task RunAsync_ObjectsWithAndWithoutResponses_EveryLineInOrderAndEachUnlabeledOneNamed()
    {
        var store = new InMemoryStore();
        var job = await SimulatedJob.WriteAsync(store, Layout, 40, Crowd, keepFromWorkers: i => i % 9 == 4);

        var (lines, failures, result) = await RunAsync(store, job.Manifest);

        lines.Should().HaveCount(40);
        lines.Select(l => l.GetProperty("pass-through").GetProperty("n").GetInt32())
            .Should().Equal(Enumerable.Range(0, 40));
        var unlabeled = Enumerable.Range(0, 40).Where(i => i % 9 == 4).ToList();
        lines.Where(l => !l.TryGetProperty("pose", out _))
            .Select(l => l.GetProperty("pass-through").GetProperty("n").GetInt32())
            .Should().Equal(unlabeled);
        lines.Where(l => l.TryGetProperty("pose", out _)).Should().OnlyContain(l =>
            l.GetProperty("pose-metadata").GetProperty("job-name").GetString() == "level1-job"
            && l.GetProperty("pose-metadata").GetProperty("reconsolidated").GetBoolean());
        failures.Select(f => f.GetProperty("line").GetInt32()).Should().Equal(unlabeled.Select(i => i + 1));
        failures.Should().OnlyContain(f => f.GetProperty("reason").GetString()!.Contains("no worker response"));
        result.Should().BeEquivalentTo(new
        {
            Lines = 40,
            Objects = 40,
            Labeled = 40 - unlabeled.Count,
            NoLabel = unlabeled.Count,
            Rejected = 0,
            Answers = job.Answers,
        });
    }

    [Fact]
    public async Task RunAsync_WholeJob_SameLabelsAsOnePostAnnotationBatchOfTheWholeJob()
    {
        // 300 objects x 5 answers is within the answers PostAnnotation pools in one batch: the whole job's
        // statistics.
        var store = new InMemoryStore();
        var job = await SimulatedJob.WriteAsync(store, Layout, 300, Crowd, seed: 11);
        var oneBatch = await BatchCut.LabelsAsync(job, batchSize: 300);

        var (lines, _, result) = await RunAsync(store, job.Manifest);

        result.Labeled.Should().Be(300);
        for (var i = 0; i < 300; i++)
        {
            lines[i].GetProperty("pose").GetRawText().Should().Be(oneBatch[i].GetRawText(), $"object {i}");
        }
    }

    [Fact]
    public async Task RunAsync_SmallBatchesDisagreeWithEachOther_ReconsolidationGivesTheSameLabelsForAnyCut()
    {
        var store = new InMemoryStore();
        var job = await SimulatedJob.WriteAsync(store, Layout, 300, Crowd, seed: 11);
        var inTens = await BatchCut.LabelsAsync(job, batchSize: 10);
        var whole = await BatchCut.LabelsAsync(job, batchSize: 300);

        var (lines, _, _) = await RunAsync(store, job.Manifest);

        // Batches of 10 cannot learn the crowd's habits; the labels then depend on the cut. Re-consolidated, they
        // do not.
        Enumerable.Range(0, 300).Count(i => inTens[i].GetRawText() != whole[i].GetRawText()).Should().BePositive();
        Enumerable.Range(0, 300).Should().OnlyContain(i =>
            lines[i].GetProperty("pose").GetRawText() == whole[i].GetRawText());
    }

    [Fact]
    public async Task WriteLabelsAsync_WindowOfOne_SameOutputAsTheDefaultWindow()
    {
        var store = new InMemoryStore();
        var job = await SimulatedJob.WriteAsync(store, Layout, 30, Crowd, keepFromWorkers: i => i == 3);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 16, 0, 0, TimeSpan.Zero));

        var wide = await RunAsync(store, job.Manifest, new ReconsolidationOptions { Time = clock });
        var narrow = await RunAsync(
            store,
            job.Manifest,
            new ReconsolidationOptions { Time = clock, Window = 1, MaxConcurrentReads = 1 });

        narrow.Lines.Select(l => l.GetRawText()).Should().Equal(wide.Lines.Select(l => l.GetRawText()));
        narrow.Failures.Select(l => l.GetRawText()).Should().Equal(wide.Failures.Select(l => l.GetRawText()));
    }

    [Fact]
    public async Task RunAsync_CorruptResponseFiles_ConsolidatedFromTheRestOrUnlabeledWithTheCause()
    {
        var store = new InMemoryStore();
        var job = await SimulatedJob.WriteAsync(store, Layout, 20, Crowd);
        var files0 = store.Objects.Keys.Where(k => k.Contains("/iteration-1/0/", StringComparison.Ordinal)).ToList();
        store.Put(files0[0], "{\"answers\": [{\"workerId\": \"w\", \"answerContent\": 42}]");
        var files1 = store.Objects.Keys.Where(k => k.Contains("/iteration-1/1/", StringComparison.Ordinal)).ToList();
        foreach (var k in files1)
        {
            store.Put(k, "truncated {");
        }

        var (lines, failures, _) = await RunAsync(store, job.Manifest);

        var first = lines[0].GetProperty("pose");
        first.GetProperty("review_reasons").EnumerateArray().Select(r => r.GetString())
            .Should().Contain(ReviewReasons.UnreadableAnswer);
        lines[1].TryGetProperty("pose", out _).Should().BeFalse();
        failures.Should().ContainSingle().Which.GetProperty("reason").GetString()
            .Should().Contain("none of its 5 answers is usable")
            .And.Contain("not valid JSON");
        job.Objects.Should().HaveCount(20);
    }

    [Fact]
    public async Task RunAsync_BlankAndBadLines_NotWrittenButAccountedForAndLaterLinesKeepTheirObjects()
    {
        var store = new InMemoryStore();
        var job = await SimulatedJob.WriteAsync(store, Layout, 6, Crowd, keepFromWorkers: i => i is 1 or 2);
        var manifestLines = job.Manifest.TrimEnd('\n').Split('\n');
        manifestLines[1] = "";
        manifestLines[2] = "[1, 2]";
        var manifest = string.Join('\n', manifestLines) + "\n";

        var (lines, failures, result) = await RunAsync(store, manifest);

        lines.Select(l => l.GetProperty("pass-through").GetProperty("n").GetInt32()).Should().Equal(0, 3, 4, 5);
        lines.Select(l => l.TryGetProperty("pose", out var p) && p.ValueKind == JsonValueKind.Object)
            .Should().AllBeEquivalentTo(true);
        failures.Select(f => (f.GetProperty("line").GetInt32(), f.GetProperty("reason").GetString()))
            .Should().Equal((2, "blank line"), (3, "not a JSON object"));
        (result.Lines, result.Objects, result.Rejected).Should().Be((6, 4, 2));
    }

    [Fact]
    public async Task RunAsync_LineWithAnEarlierLabel_LabelReplacedAndGroundTruthsMetadataKept()
    {
        var store = new InMemoryStore();
        var job = await SimulatedJob.WriteAsync(store, Layout, 3, Crowd);
        var first = job.Manifest.Split('\n')[0];
        var labeled = first[..^1] +
            """, "pose": {"stale": true},""" +
            """ "pose-metadata": {"job-name": "labeling-job/level1-job", "type": "groundtruth/custom",""" +
            """ "human-annotated": "yes", "creation-date": "2026-01-01T00:00:00.000000"}}""";
        var manifest = job.Manifest.Replace(first, labeled, StringComparison.Ordinal);

        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 16, 0, 0, TimeSpan.Zero));
        var (lines, _, _) = await RunAsync(store, manifest, new ReconsolidationOptions { Time = clock });

        lines[0].GetProperty("pose").TryGetProperty("stale", out _).Should().BeFalse();
        lines[0].GetProperty("pose").GetProperty("instances").GetArrayLength().Should().BePositive();
        var meta = lines[0].GetProperty("pose-metadata");
        meta.GetProperty("job-name").GetString().Should().Be("labeling-job/level1-job");
        meta.GetProperty("creation-date").GetString().Should().Be("2026-12-02T16:00:00.000000");
        meta.GetProperty("reconsolidated").GetBoolean().Should().BeTrue();
        lines[0].EnumerateObject().Select(p => p.Name)
            .Should().Equal("source-ref", "pass-through", "pose", "pose-metadata");
    }
}
