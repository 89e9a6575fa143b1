using System.Globalization;
using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GtCustomPose.Core.Tests.Jobs;

/// <summary>A level-1 job and a re-label job on some of its objects, re-consolidated together.</summary>
public class PooledReconsolidationTests
{
    private static readonly JobOutputLayout Level1 = JobOutputLayout.Parse("s3://labels/out/level1/");
    private static readonly JobOutputLayout Relabel = JobOutputLayout.Parse("s3://labels/out/relabel/");
    private static readonly JobOutputLayout Together = JobOutputLayout.Parse("s3://labels/out/together/");
    private static readonly int[] Routed = [1, 4, 7, 8];
    private const int Count = 12;

    private sealed record Jobs(InMemoryStore Store, string Manifest, string RelabelManifest);

    /// <summary>
    /// Six simulated answers per object: the first three in level 1, the other three in the re-label job for the routed
    /// objects only; the same answers also in one job of their own (<see cref="Together"/>).
    /// </summary>
    private static async Task<Jobs> WriteAsync(Func<int, int, string, string>? workerOf = null)
    {
        var store = new InMemoryStore();
        var simulator = new WorkerSimulator(
            Rig.Coco17, new SimulationSettings { WorkersPerObject = 6, WorkforceSize = 12 }, 11);
        var manifest = new StringBuilder();
        var relabel = new StringBuilder();
        var at = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < Count; i++)
        {
            var id = i.ToString(CultureInfo.InvariantCulture);
            var image = $"s3://labels/images/{i:D3}.png";
            manifest.Append(CultureInfo.InvariantCulture, $$"""{"source-ref": "{{image}}"}""").Append('\n');
            var o = simulator.Next(id, image);
            var slot = Array.IndexOf(Routed, i);
            if (slot >= 0)
                relabel.Append("{\"source-ref\": \"").Append(image)
                    .Append("\", \"gtpose-audit\": {\"reasons\": [\"low_confidence\"], \"doubtful\": [], ")
                    .Append(CultureInfo.InvariantCulture, $"\"label_attribute\": \"pose\", \"line\": {i + 1}, ")
                    .Append("\"mode\": \"relabel\"}}\n");
            for (var w = 0; w < 6; w++)
            {
                if (w >= 3 && slot < 0) continue;
                var a = o.Answers[w];
                var worker = workerOf?.Invoke(i, w, a.WorkerId) ?? a.WorkerId;
                var body = WorkerResponseFile.Create(worker, a.Content, at, at.AddSeconds(w + 1));
                var job = w < 3 ? (Level1, id) : (Relabel, slot.ToString(CultureInfo.InvariantCulture));
                await store.WriteAsync(
                    job.Item1.ResponseUri(job.Item2, at.AddSeconds(w + 1)), body, "application/json");
                await store.WriteAsync(Together.ResponseUri(id, at.AddSeconds(w + 1)), body, "application/json");
            }
            at = at.AddMinutes(1);
        }
        return new Jobs(store, manifest.ToString(), relabel.ToString());
    }

    private static PooledResponseSource Pooled(Jobs jobs, string? relabelManifest = null) =>
        new(
            new JobResponseReader(jobs.Store, Level1, Rig.Coco17),
            [
                new LinkedJob(
                    "relabel",
                    new JobResponseReader(jobs.Store, Relabel, Rig.Coco17),
                    LinkedJob.ReadLinks(
                        "relabel", new StringReader(relabelManifest ?? jobs.RelabelManifest), "pose", Rig.Coco17)),
            ]);

    private static async Task<List<JsonElement>> RunAsync(
        JobReconsolidator reconsolidator, string manifest) =>
        (await LinesAsync(reconsolidator, manifest)).Select(l => l.GetProperty("pose")).ToList();

    private static async Task<List<JsonElement>> LinesAsync(JobReconsolidator reconsolidator, string manifest)
    {
        using var output = new MemoryStream();
        using var failures = new MemoryStream();
        await reconsolidator.RunAsync(
            _ => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(manifest))), output, failures);
        return Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    private static ReconsolidationOptions Options => new() { Time = new FakeTimeProvider(DateTimeOffset.UnixEpoch) };

    [Fact]
    public async Task RunAsync_RelabelJobPooled_SameLabelsAsOneJobHoldingEveryAnswer()
    {
        var jobs = await WriteAsync();

        var pooled = await RunAsync(new JobReconsolidator(Pooled(jobs), Level1, Rig.Coco17, Options), jobs.Manifest);
        var together = await RunAsync(new JobReconsolidator(jobs.Store, Together, Rig.Coco17, Options), jobs.Manifest);

        pooled.Select(l => l.GetProperty("consolidation").GetProperty("worker_count").GetInt32())
            .Should().Equal(Enumerable.Range(0, Count).Select(i => Routed.Contains(i) ? 6 : 3));
        pooled.Select(l => l.GetRawText()).Should().Equal(together.Select(l => l.GetRawText()));
    }

    [Fact]
    public async Task RunAsync_WorkerAnsweredInBothJobs_KeptAtHalfWeightAndNotedNotFlaggedDuplicate()
    {
        // The re-label job's first worker on object 4 is the level-1 job's first worker on it.
        string? first = null;
        var jobs = await WriteAsync((i, w, id) =>
        {
            if (i == 4 && w == 0) first = id;
            return i == 4 && w == 3 ? first! : id;
        });

        var lines = await LinesAsync(new JobReconsolidator(Pooled(jobs), Level1, Rig.Coco17, Options), jobs.Manifest);

        var label = lines[4].GetProperty("pose");
        var metadata = lines[4].GetProperty("pose-metadata");
        metadata.GetProperty("repeated-workers").GetInt32().Should().Be(1);
        metadata.GetProperty("pooled-jobs").EnumerateArray().Select(j => j.GetString()).Should().Equal("relabel");
        lines[3].GetProperty("pose-metadata").TryGetProperty("pooled-jobs", out _).Should().BeFalse();
        label.GetProperty("consolidation").GetProperty("worker_count").GetInt32().Should().Be(6);
        label.GetProperty("review_reasons").EnumerateArray().Select(r => r.GetString())
            .Should().NotContain("duplicate_worker_id");
        label.GetProperty("notes").EnumerateArray().Select(n => n.GetString())
            .Should().Contain(n => n!.StartsWith("repeated_worker: 1 worker(s)", StringComparison.Ordinal));
        label.GetProperty("workers").EnumerateArray().Select(w => w.GetProperty("worker_id").GetString())
            .Should().Contain([first, first + "@relabel"]);
    }

    [Fact]
    public async Task ReadAllAsync_AnswersForAnObjectTheManifestDoesNotLink_FailsNamingJobAndObject()
    {
        var jobs = await WriteAsync();
        // Drop the link of the re-label job's object 2 (level-1 line 8).
        var manifest = string.Join('\n', jobs.RelabelManifest.Split('\n').Take(2)) + '\n';

        var read = async () =>
        {
            await foreach (var _ in Pooled(jobs, manifest).ReadAllAsync()) { }
        };

        (await read.Should().ThrowAsync<JobLinkException>()).Which.Message
            .Should().Be("job 'relabel': answers for object 2, which its manifest does not link to a level-1 line " +
                         "('gtpose-audit.line')");
    }

    [Theory]
    [InlineData("""{"source-ref": "s3://b/a.png"}""", "no 'gtpose-audit' object")]
    [InlineData("""{"gtpose-audit": {"reasons": [], "label_attribute": "pose"}}""", "'gtpose-audit.line' is missing")]
    [InlineData("""{"gtpose-audit": {"reasons": [], "label_attribute": "box", "line": 1}}""",
        "'gtpose-audit.label_attribute' is 'box', but level 1 writes 'pose'")]
    [InlineData("{\"gtpose-audit\": {\"reasons\": [], \"label_attribute\": \"pose\", \"line\": 1}, " +
                "\"pose-relabel\": {\"instances\": [], \"consolidation\": {\"rig\": \"box-truck\"}}}",
        "'pose-relabel.consolidation.rig' is 'box-truck', but level 1 uses rig 'coco-person-17'")]
    public void ReadLinks_LineThatCannotBeJoined_NamesJobLineAndField(string line, string expected)
    {
        var read = () => LinkedJob.ReadLinks("relabel-7", new StringReader(line + "\n"), "pose", Rig.Coco17);

        read.Should().Throw<JobLinkException>().Which.Message
            .Should().StartWith("job 'relabel-7', manifest line 1: ").And.Contain(expected);
    }

    [Fact]
    public void ReadLinks_TwoLinesToOneLevel1Line_Refused()
    {
        const string line = """{"gtpose-audit": {"reasons": [], "label_attribute": "pose", "line": 3}}""";

        var read = () => LinkedJob.ReadLinks("r", new StringReader(line + "\n" + line + "\n"), "pose", Rig.Coco17);

        read.Should().Throw<JobLinkException>().Which.Message
            .Should().Be("job 'r', manifest line 2: 'gtpose-audit.line' 3 is linked by line 1 too");
    }
}
