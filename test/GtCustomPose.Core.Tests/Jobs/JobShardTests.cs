using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Testing;
using Microsoft.Extensions.Time.Testing;

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
    public async Task Shards_StatisticsReducedThenLabels_EveryLineIdenticalToOneProcess()
    {
        var store = new InMemoryStore();
        var job = await SimulatedJob.WriteAsync(
            store,
            Layout,
            600,
            new SimulationSettings { WorkersPerObject = 5, WorkforceSize = 30 },
            seed: 3,
            keepFromWorkers: i => i == 250);
        var manifest = Encoding.UTF8.GetBytes(job.Manifest);
        var reconsolidator = new JobReconsolidator(
            store,
            Layout,
            Rig.Coco17,
            new ReconsolidationOptions
            {
                Time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero)),
            });
        var plan = JobShard.Plan(600, 200);

        var partials = new List<BatchEstimator>();
        // Each shard's statistics go through their saved state, as the Distributed Map's children write them to
        // S3.
        foreach (var shard in plan)
        {
            partials.Add(reconsolidator.LoadShard((await reconsolidator.EstimateShardAsync(shard)).SaveState()));
        }
        var reduced = reconsolidator.Reduce(partials);
        var document = JsonSerializer.Serialize(
            BatchEstimatesDocument.From(reduced),
            JobsJsonContext.Default.BatchEstimatesDocument);
        var options = reconsolidator.Pooled(
            JsonSerializer.Deserialize(document, JobsJsonContext.Default.BatchEstimatesDocument)!.ToEstimates());
        var sharded = new List<string>();
        var failures = new MemoryStream();
        foreach (var shard in plan)
        {
            var output = new MemoryStream();
            await reconsolidator.WriteLabelsAsync(
                new MemoryStream(manifest),
                options,
                output,
                failures,
                shard.FirstLine,
                shard.LineCount);
            sharded.AddRange(
                Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        var whole = new MemoryStream();
        await reconsolidator.RunAsync(_ => Task.FromResult<Stream>(new MemoryStream(manifest)), whole, Stream.Null);
        var oneProcess = Encoding.UTF8.GetString(whole.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        partials.Sum(p => p.Objects).Should().Be(599);
        sharded.Should().HaveCount(600);
        sharded.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("pass-through").GetProperty("n").GetInt32())
            .Should().Equal(Enumerable.Range(0, 600));
        Encoding.UTF8.GetString(failures.ToArray()).Should().Contain("\"line\":251");
        var estimates = await reconsolidator.EstimateAsync();
        reduced.WorkerNoise.Should().Equal(estimates.WorkerNoise);
        reduced.Facing.Should().Be(estimates.Facing);
        sharded.Should().Equal(oneProcess, "labels, verdicts and metadata are the one-process run's, byte for byte");
    }
}
