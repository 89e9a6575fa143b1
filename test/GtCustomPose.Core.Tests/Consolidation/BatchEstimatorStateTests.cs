using System.Text;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Core.Tests;

/// <summary>
/// An estimator's state saved and loaded: parts of a job merged build the whole job's estimates exactly.
/// </summary>
public class BatchEstimatorStateTests
{
    private static readonly Rig Coco = Rig.Coco17;

    private static List<IReadOnlyList<WorkerAnswer>> Simulated(
        int objects, int seed, int workforce, int workers = 5) =>
        new WorkerSimulator(
                Coco, new SimulationSettings { WorkersPerObject = workers, WorkforceSize = workforce }, seed)
            .Generate(objects)
            .Select(o => (IReadOnlyList<WorkerAnswer>)o.Answers
                .Select(a => AnswerParser.Parse(a.WorkerId, a.Content, Coco))
                .ToList())
            .ToList();

    private static BatchEstimator Estimate(IEnumerable<IReadOnlyList<WorkerAnswer>> objects)
    {
        var estimator = new BatchEstimator(Coco);
        foreach (var answers in objects) estimator.Add(answers);
        return estimator;
    }

    private static void ShouldBeIdentical(BatchEstimates actual, BatchEstimates expected)
    {
        actual.WorkerNoise.Keys.Should().BeEquivalentTo(expected.WorkerNoise.Keys);
        foreach (var (worker, noise) in expected.WorkerNoise)
        {
            BitConverter.DoubleToInt64Bits(actual.WorkerNoise[worker]).Should()
                .Be(BitConverter.DoubleToInt64Bits(noise), worker);
        }
        actual.Facing.Should().Be(expected.Facing);
        actual.WorkerRates.Should().BeEquivalentTo(expected.WorkerRates);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(3, 5)]
    [InlineData(7, 5)]
    [InlineData(3, 2)]
    public void SaveStateLoadStateMerge_ShardsOfABatch_BuildTheOnePassEstimatesBitForBit(int shards, int workers)
    {
        var objects = Simulated(700, seed: 11, workforce: 20, workers);
        var whole = Estimate(objects).Build();

        var total = new BatchEstimator(Coco);
        // Shards interleaved, not contiguous: the merge may not depend on which objects fell where.
        for (var s = 0; s < shards; s++)
        {
            var part = Estimate(objects.Where((_, i) => i % shards == s));
            total.Merge(BatchEstimator.LoadState(part.SaveState(), Coco));
        }

        total.Objects.Should().Be(700);
        ShouldBeIdentical(total.Build(), whole);
    }

    [Fact]
    public void SaveStateLoadState_PastTheExactMedianLimit_KeepsTheHistogramExactly()
    {
        // 5 workers on every object: each holds more than 4,096 noise values, so its median comes from bins.
        var objects = Simulated(ConsolidationConstants.ExactMedianValues + 300, seed: 12, workforce: 5);
        var whole = Estimate(objects).Build();

        var first = Estimate(objects.Take(3000));
        var second = Estimate(objects.Skip(3000));
        var merged = BatchEstimator.LoadState(first.SaveState(), Coco);
        merged.Merge(BatchEstimator.LoadState(second.SaveState(), Coco));

        ShouldBeIdentical(merged.Build(), whole);
        Encoding.UTF8.GetString(Estimate(objects).SaveState()).Should()
            .Contain("\"bins\":[")
            .And.NotContain("\"values\"");
    }

    [Fact]
    public void SaveState_SameCounts_SameBytes()
    {
        var objects = Simulated(120, seed: 13, workforce: 9);
        var forward = Estimate(objects).SaveState();
        var backward = Estimate(Enumerable.Reverse(objects)).SaveState();
        // Values are kept in the order added; the bytes differ only there, the estimates not at all.
        ShouldBeIdentical(
            BatchEstimator.LoadState(backward, Coco).Build(),
            BatchEstimator.LoadState(forward, Coco).Build());
        Encoding.UTF8.GetString(forward).Should().StartWith("{\"version\":1,\"rig\":\"coco-person-17\"");
    }

    [Theory]
    [InlineData(
        "{\"version\":2,\"rig\":\"coco-person-17\",\"keypoints\":17,\"objects\":0," +
        "\"workers\":{},\"facing\":{\"front\":[]}}",
        "version 2 is not supported")]
    [InlineData(
        "{\"version\":1,\"rig\":\"hand-21\",\"keypoints\":21,\"objects\":0," +
        "\"workers\":{},\"facing\":{\"front\":[]}}",
        "made for rig 'hand-21'")]
    [InlineData(
        "{\"version\":1,\"rig\":\"coco-person-17\",\"keypoints\":17,\"objects\":0," +
        "\"workers\":{\"w1\":{\"values\":\"AAAA\"}},\"facing\":{\"front\":[]}}",
        "workers['w1'].values: 3 bytes")]
    [InlineData(
        "{\"version\":1,\"rig\":\"coco-person-17\",\"keypoints\":17,\"objects\":0," +
        "\"workers\":{\"w1\":{\"bins\":[5,2,4,1]}},\"facing\":{\"front\":[]}}",
        "bins must be ascending")]
    [InlineData(
        "{\"version\":1,\"rig\":\"coco-person-17\",\"keypoints\":17,\"objects\":0," +
        "\"workers\":{},\"facing\":{\"front\":[3,4,1]}}",
        "facing.front[0]")]
    [InlineData(
        "{\"version\":1,\"rig\":\"coco-person-17\",\"keypoints\":17,\"objects\":0,\"workers\":{}}",
        "'facing' missing")]
    [InlineData(
        "{\"version\":1,\"rig\":\"coco-person-17\",\"keypoints\":17,\"objects\":0," +
        "\"workers\":{},\"facing\":{\"front\":[]},\"drawers\":{\"3\":[0,1]}}",
        "drawers['3']: expected 4 counts")]
    [InlineData("{\"version\":1,", "is not valid")]
    public void LoadState_BadState_FailsWithOneLineNamingTheField(string json, string message)
    {
        var act = () => BatchEstimator.LoadState(Encoding.UTF8.GetBytes(json), Coco);

        act.Should().Throw<FormatException>().Which.Message.Should()
            .Contain(message)
            .And.StartWith("estimator state")
            .And.NotContain("\n");
    }
}
