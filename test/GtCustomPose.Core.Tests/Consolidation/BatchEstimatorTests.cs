using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Tests.Fixtures;
using GtCustomPose.Simulation;

namespace GtCustomPose.Core.Tests;

/// <summary>Batch statistics in one pass: each worker's noise and the crowd's facing rates.</summary>
public class BatchEstimatorTests
{
    private static readonly Rig Coco = Rig.Coco17;

    private static List<IReadOnlyList<WorkerAnswer>> Simulated(int objects, int seed, int workers = 3) =>
        new WorkerSimulator(Coco, new SimulationSettings { WorkersPerObject = workers }, seed).Generate(objects)
            .Select(o => (IReadOnlyList<WorkerAnswer>)o.Answers.Select(a =>
                AnswerParser.Parse(a.WorkerId, a.Content, Coco)).ToList())
            .ToList();

    private static BatchEstimates Streamed(IEnumerable<IReadOnlyList<WorkerAnswer>> objects)
    {
        var estimator = new BatchEstimator(Coco);
        foreach (var answers in objects) estimator.Add(answers);
        return estimator.Build();
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void EstimateWorkerNoise_SimulatedBatch_SeparatesCarefulFromPoorWorkers(int workers)
    {
        // With two workers an object gives only the pair's noise summed; each worker's many partners tell them apart.
        var batch = new WorkerSimulator(Coco,
            new SimulationSettings { WorkersPerObject = workers, WorkforceSize = 12 }, seed: 3).Generate(300);

        var noise = Consolidator.EstimateWorkerNoise(batch.Select(o =>
            (IReadOnlyList<WorkerAnswer>)o.Answers.Select(a => AnswerParser.Parse(a.WorkerId, a.Content, Coco))
            .ToList()), Coco);

        var skill = batch.SelectMany(o => o.Answers).GroupBy(a => a.WorkerId)
            .ToDictionary(g => g.Key, g => g.First().NoiseRelative);
        noise.Keys.Should().BeEquivalentTo(skill.Keys, "every worker of the workforce labelled more than 5 objects");
        double Mean(double relative) => noise.Where(p => skill[p.Key] == relative).Average(p => p.Value);
        Mean(1.0).Should().BeGreaterThan(4 * Mean(0.2),
            "simulated poor workers click with 5 times the spread of careful ones");
    }

    [Fact]
    public void EstimateWorkerNoise_WorkerSeenTooRarely_IsLeftOut()
    {
        var p = Person("skeleton_1", 100, 50);
        var objects = Enumerable.Range(0, 4)
            .Select(i => (IReadOnlyList<WorkerAnswer>)[Answer("w1", p),
            Answer("w2", Moved(p, k => k with { X = k.X + 1 })), Answer("w3", Moved(p, k => k with { X = k.X - 1 }))])
            .ToList();
        Consolidator.EstimateWorkerNoise(objects, Coco, minObjects: 5).Should().BeEmpty();
        Consolidator.EstimateWorkerNoise(objects, Coco, minObjects: 4).Keys.Should().BeEquivalentTo(["w1", "w2", "w3"]);
    }

    [Theory]
    [InlineData(0.1, 0.06)]
    [InlineData(0.6, 0.12)]
    public void EstimateBatch_CrowdThatGuessesHiddenFaces_RecoversItsRates(double guessRate, double hiddenTolerance)
    {
        // Rates away from the defaults: a quarter of the keypoints hidden, 12% of visible ones left out.
        var settings = new Simulation.SimulationSettings { WorkersPerObject = 3, GuessOccluded = guessRate,
            Occluded = 0.25, MissKeypoint = 0.12 };
        var batch = new Simulation.WorkerSimulator(Rig.Coco17, settings, seed: 4).Generate(400);
        var facing = Consolidator.EstimateBatch(batch.Select(o =>
            (IReadOnlyList<WorkerAnswer>)o.Answers.Select(a => AnswerParser.Parse(a.WorkerId, a.Content, Rig.Coco17))
            .ToList()), Rig.Coco17).Facing;
        facing.HiddenPlaced.Should().BeApproximately(guessRate, 0.06);
        facing.VisiblePlaced.Should().BeApproximately(0.88, 0.04);
        // A guess rate near the visible one leaves the mixture's split less certain.
        facing.FaceHidden.Should().BeApproximately(0.25, hiddenTolerance);
        // 6% of skeletons are mirrored, 12% by the poorer sixth of the workforce.
        facing.MirrorRate.Should().BeInRange(0.04, 0.1);
    }

    [Fact]
    public void EstimateBatch_TooFewSkeletons_KeepsTheAssumptions()
    {
        var p = Person("p", 300, 200);
        var objects = Enumerable.Range(0, 5)
            .Select(_ => (IReadOnlyList<WorkerAnswer>)[Answer("w1", p), Answer("w2", p), Answer("w3", p)]);
        Consolidator.EstimateBatch(objects, Rig.Coco17).Facing.Should().Be(FacingAssumptions.Default);
    }

    [Fact]
    public void Build_SimulatedBatch_EqualsEstimateBatch()
    {
        var objects = Simulated(300, seed: 5);
        var expected = Consolidator.EstimateBatch(objects, Coco);
        var streamed = Streamed(objects);
        streamed.WorkerNoise.Should().Equal(expected.WorkerNoise);
        streamed.Facing.Should().Be(expected.Facing);
        expected.WorkerNoise.Should().NotBeEmpty();
        expected.Facing.Should().NotBe(FacingAssumptions.Default, "300 objects refine the assumptions");
    }

    [Fact]
    public void Add_ObjectsInAnyOrder_SameEstimates()
    {
        var objects = Simulated(300, seed: 6);
        var reversed = Streamed(Enumerable.Reverse(objects));
        var forward = Streamed(objects);
        reversed.WorkerNoise.Should().Equal(forward.WorkerNoise);
        reversed.Facing.MirrorRate.Should().Be(forward.Facing.MirrorRate);
        reversed.Facing.HiddenPlaced.Should().Be(forward.Facing.HiddenPlaced);
        reversed.Facing.FaceHidden.Should().BeApproximately(forward.Facing.FaceHidden, 1e-12);
        reversed.Facing.VisiblePlaced.Should().BeApproximately(forward.Facing.VisiblePlaced, 1e-12);
    }

    [Fact]
    public void Add_EveryObject_CountedWhetherOrNotItSpeaks()
    {
        var estimator = new BatchEstimator(Coco);
        estimator.Add([]);
        estimator.Add([WorkerAnswer.Unreadable("w1", "broken")]);
        estimator.Add([Answer("w1", Person("p", 100, 50))]);
        estimator.Objects.Should().Be(3);
        estimator.Build().WorkerNoise.Should().BeEmpty();
    }

    [Fact]
    public void Build_DeclaredFacingsOnClearSkeletons_MeasuresHowOftenTheyAreRight()
    {
        // 40 front views, each declared "front" by two workers and "back" by one: two in three declarations are right.
        var p = Person("p", 300, 200);
        var estimator = new BatchEstimator(Coco);
        for (var i = 0; i < 40; i++)
            estimator.Add([Stated.Answer("w1", Stated.Facing(p, Facing.Front)),
                Stated.Answer("w2", Stated.Facing(p, Facing.Front)),
                Stated.Answer("w3", Stated.Facing(p, Facing.Back))]);
        estimator.Build().Facing.DeclaredFacingRight.Should().BeApproximately(2.0 / 3, 1e-12);
        Streamed(Enumerable.Repeat<IReadOnlyList<WorkerAnswer>>([Answer("w1", p), Answer("w2", p), Answer("w3", p)],
            40))
            .Facing.DeclaredFacingRight.Should()
                .Be(FacingAssumptions.Default.DeclaredFacingRight, "nobody declared anything");
    }

    [Fact]
    public void Merge_BatchEstimatedInSlices_EqualsOnePass()
    {
        var objects = Simulated(300, seed: 7);
        var whole = Streamed(objects);
        var first = new BatchEstimator(Coco);
        var second = new BatchEstimator(Coco);
        for (var i = 0; i < objects.Count; i++) (i % 3 == 0 ? first : second).Add(objects[i]);
        first.Merge(second);
        var merged = first.Build();
        first.Objects.Should().Be(300);
        merged.WorkerNoise.Should().Equal(whole.WorkerNoise);
        merged.Facing.MirrorRate.Should().Be(whole.Facing.MirrorRate);
        merged.Facing.HiddenPlaced.Should().Be(whole.Facing.HiddenPlaced);
        merged.Facing.FaceHidden.Should().BeApproximately(whole.Facing.FaceHidden, 1e-12);
    }

    [Fact]
    public void Merge_ExactAndHistogramMedians_CountEveryValue()
    {
        var random = new Random(1);
        var values = Enumerable.Range(0, 6000).Select(_ => Math.Exp(random.NextDouble() * 4 - 3)).ToArray();
        RunningMedian small = new(), large = new();
        foreach (var v in values[..100]) small.Add(v);
        foreach (var v in values[100..]) large.Add(v);
        small.Merge(large);
        small.Count.Should().Be(6000);
        var exact = Geometry.Median(values.ToArray());
        small.Median().Should().BeApproximately(exact, exact * 0.0025);
    }

    [Theory]
    [InlineData(101)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(20_000)]
    public void RunningMedian_AnyCount_WithinAQuarterPercentOfTheExactMedian(int count)
    {
        var random = new Random(count);
        var values = Enumerable.Range(0, count).Select(_ => Math.Exp(random.NextDouble() * 8 - 6)).ToArray();
        var median = new RunningMedian();
        foreach (var v in values) median.Add(v);
        var exact = Geometry.Median(values.ToArray());
        median.Count.Should().Be(count);
        median.Median().Should()
            .BeApproximately(exact, exact * (count <= ConsolidationConstants.ExactMedianValues ? 0 : 0.0025));
    }
}
