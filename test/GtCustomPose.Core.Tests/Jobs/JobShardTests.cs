using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Simulation;
using GtCustomPose.Testing;

namespace GtCustomPose.Core.Tests.Jobs;

public class JobShardTests
{
    private static readonly JobOutputLayout Layout = JobOutputLayout.Parse("s3://labels/out/level1-job/");

    [Theory]
    [InlineData(0, 10, 0)]
    [InlineData(10, 10, 1)]
    [InlineData(25, 10, 3)]
    public void Plan_CoversEveryLineOnceInOrder(int lines, int size, int shards)
    {
        var plan = JobShard.Plan(lines, size);
        plan.Should().HaveCount(shards);
        plan.SelectMany(s => Enumerable.Range(s.FirstLine, s.LineCount)).Should().Equal(Enumerable.Range(0, lines));
        plan.Select(s => s.Shard).Should().Equal(Enumerable.Range(0, shards));
        plan.All(s => s.LineCount <= size).Should().BeTrue();
    }

    [Fact]
    public void Reduce_WeightsEachShardsMedianByItsObjects()
    {
        var a = new PartialStatistics(0, 300, new() { ["w1"] = new(0.5, 3), ["w2"] = new(2.0, 1) }, 0.1, 0.2, 0.9, 0.3);
        var b = new PartialStatistics(1, 100, new() { ["w1"] = new(1.0, 1), ["w2"] = new(4.0, 2) }, 0.3, 0.4, 0.7, 0.5);

        var reduced = JobReconsolidator.Reduce([b, a], minObjects: 4);

        reduced.WorkerNoise.Should().Equal(new Dictionary<string, double> { ["w1"] = 0.5 });
        reduced.Facing.MirrorRate.Should().BeApproximately(0.15, 1e-12);
        reduced.Facing.FaceHidden.Should().BeApproximately(0.25, 1e-12);
        reduced.Facing.VisiblePlaced.Should().BeApproximately(0.85, 1e-12);
        reduced.Facing.HiddenPlaced.Should().BeApproximately(0.35, 1e-12);
    }

    [Fact]
    public void PartialStatistics_RoundTripsThroughJson()
    {
        var p = new PartialStatistics(3, 2000, new() { ["private.us-west-2.abc"] = new(0.81, 412) }, 0.05, 0.3, 0.93, 0.28);
        var json = JsonSerializer.Serialize(p, JobsJsonContext.Default.PartialStatistics);
        json.Should().Contain("\"workerNoise\"").And.Contain("\"mirrorRate\"");
        var back = JsonSerializer.Deserialize(json, JobsJsonContext.Default.PartialStatistics)!;
        back.WorkerNoise.Should().BeEquivalentTo(p.WorkerNoise);
        (back with { WorkerNoise = p.WorkerNoise }).Should().Be(p);
    }

    [Fact]
    public async Task Shards_StatisticsReducedThenLabels_EveryLineOnceAndVerdictsAsOneProcess()
    {
        var store = new InMemoryStore();
        var job = await SimulatedJob.WriteAsync(store, Layout, 600, new SimulationSettings { WorkersPerObject = 5, WorkforceSize = 30 }, seed: 3, keepFromWorkers: i => i == 250);
        var manifest = Encoding.UTF8.GetBytes(job.Manifest);
        var reconsolidator = new JobReconsolidator(store, Layout, Rig.Coco17);
        var plan = JobShard.Plan(600, 200);

        var partials = new List<PartialStatistics>();
        foreach (var shard in plan) partials.Add(await reconsolidator.EstimateShardAsync(shard));
        var options = reconsolidator.Pooled(JobReconsolidator.Reduce(partials));
        var sharded = new List<string>();
        var failures = new MemoryStream();
        foreach (var shard in plan)
        {
            var output = new MemoryStream();
            await reconsolidator.WriteLabelsAsync(new MemoryStream(manifest), options, output, failures, shard.FirstLine, shard.LineCount);
            sharded.AddRange(Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        var whole = new MemoryStream();
        await reconsolidator.RunAsync(_ => Task.FromResult<Stream>(new MemoryStream(manifest)), whole, Stream.Null);
        var oneProcess = Encoding.UTF8.GetString(whole.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        partials.Sum(p => p.Objects).Should().Be(599);
        sharded.Should().HaveCount(600);
        sharded.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("pass-through").GetProperty("n").GetInt32()).Should().Equal(Enumerable.Range(0, 600));
        Encoding.UTF8.GetString(failures.ToArray()).Should().Contain("\"line\":251");
        bool Flagged(string l) => JsonDocument.Parse(l).RootElement.TryGetProperty("pose", out var p) && p.GetProperty("needs_review").GetBoolean();
        Math.Abs(sharded.Count(Flagged) - oneProcess.Count(Flagged)).Should().BeLessThanOrEqualTo(6, "flag rates within 1 point of the one-process run");
    }
}
