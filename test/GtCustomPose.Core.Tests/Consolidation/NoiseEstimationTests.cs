using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Tests.Fixtures;

namespace GtCustomPose.Core.Tests;

/// <summary>Stage 3: each worker's click variance, from the object's answers or scaled from the batch's.</summary>
public class NoiseEstimationTests
{
    private static readonly Rig Coco = Rig.Coco17;

    private static (RepairedSides Sides, WorkerNoise Noise) Prepare(params WorkerAnswer[] answers) =>
        Consolidator.Prepare(answers, Coco, ConsolidationOptions.Default);

    [Fact]
    public void FromPairSums_ThreeWorkers_EachSumLessHalfTheCountWeightedMeanFloored()
    {
        // Mean sum (0.3·10 + 1.2·10 + 0.6·20) / 40 = 0.675: each worker's partners add about half of it.
        var noise = NoiseEstimation.FromPairSums([("w1", 0.3, 10), ("w2", 1.2, 10), ("w3", 0.6, 20)])
            .ToDictionary(p => p.Worker, p => p.Noise);

        noise["w2"].Should().BeApproximately(1.2 - 0.3375, 1e-12);
        noise["w3"].Should().BeApproximately(0.6 - 0.3375, 1e-12);
        noise["w1"].Should().BeApproximately(0.03, 1e-12, "0.3 - 0.3375 is below a tenth of its sum");
    }

    [Fact]
    public void FromPairSums_OneWorker_Nothing() =>
        NoiseEstimation.FromPairSums([("w1", 0.4, 30)]).Should().BeEmpty();

    [Fact]
    public void Consolidate_WorkerNoiseKnownFromTheBatch_TrustsTheCarefulWorker()
    {
        // Two workers agree with each other 6 px off; one object alone makes the third look like the odd one out.
        var truth = Person("skeleton_1", 100, 50);
        WorkerAnswer[] answers =
        [
            Answer("careful", truth),
            Answer("hasty1", Moved(truth, k => k with { X = k.X + 6 })),
            Answer("hasty2", Moved(truth, k => k with { X = k.X + 6, Y = k.Y + 1 })),
        ];
        var alone = Consolidator.Consolidate(answers, Coco)!;
        var known = new ConsolidationOptions { WorkerNoise = new Dictionary<string, double> { ["careful"] = 0.001,
            ["hasty1"] = 0.05, ["hasty2"] = 0.05 } };
        var pooled = Consolidator.Consolidate(answers, Coco, options: known)!;
        double Error(ConsolidatedLabel l) =>
            Math.Abs(Point(l.Instances.Single(), "left_hip").X - truth.Keypoints.Single(k => k.Label == "left_hip").X);
        Error(alone).Should().BeGreaterThan(3);
        Error(pooled).Should().BeLessThan(1);
    }

    [Fact]
    public void Consolidate_CarefulWorkersDisagreeOnAHardImage_ConfidenceFollowsTheImage()
    {
        // Known as careful across the batch, yet 8 px apart here (a blurry image): the label must not claim certainty.
        var p = Person("skeleton_1", 100, 50);
        WorkerAnswer[] answers =
        [
            Answer("w1", Moved(p, k => k with { X = k.X + 8 })),
            Answer("w2", Moved(p, k => k with { X = k.X - 8 })),
            Answer("w3", Moved(p, k => k with { Y = k.Y + 8 })),
        ];
        var alone = Consolidator.Consolidate(answers, Coco)!.Instances.Single().Confidence!.Value;
        var careful = new ConsolidationOptions { WorkerNoise = new Dictionary<string, double> { ["w1"] = 0.001,
            ["w2"] = 0.001, ["w3"] = 0.001 } };
        var label = Consolidator.Consolidate(answers, Coco, options: careful)!;
        // 0.001 alone would claim an expected OKS near 1; the batch may not make a hard image look easier than it is.
        label.Instances.Single().Confidence!.Value.Should().BeLessThanOrEqualTo(alone + 0.01).And.BeLessThan(0.95);
    }

    [Fact]
    public void FromAnswers_OneWorkerClicksWider_HasTheLargerVariance()
    {
        var p = Person("s", 100, 50);
        var r = new Random(8);
        WorkerAnswer Jittered(string id, int pixels) =>
            Answer(id, Moved(p, k =>
                k with { X = k.X + r.Next(-pixels, pixels + 1), Y = k.Y + r.Next(-pixels, pixels + 1) }));
        var (_, noise) = Prepare(Jittered("w1", 1), Jittered("w2", 1), Jittered("w3", 12), Jittered("w4", 1));
        noise.Variance.Should().HaveCount(4).And.OnlyContain(v => v >= ConsolidationConstants.MinNoise);
        noise.Variance[2].Should().BeGreaterThan(10 * noise.Variance.Where((_, w) => w != 2).Max());
    }

    [Fact]
    public void WithKnown_ObjectHarderThanTheBatchSaid_KeepsTheRatiosScaledUp()
    {
        var p = Person("s", 100, 50);
        var r = new Random(2);
        WorkerAnswer Jittered(string id) =>
            Answer(id, Moved(p, k => k with { X = k.X + r.Next(-15, 16), Y = k.Y + r.Next(-15, 16) }));
        WorkerAnswer[] answers = [Jittered("w1"), Jittered("w2"), Jittered("w3")];
        var (_, own) = Prepare(answers);
        var known = new Dictionary<string, double> { ["w1"] = 0.001, ["w2"] = 0.002, ["w3"] = 0.004 };
        var scaled = NoiseEstimation.WithKnown(own, answers, known).Variance;
        scaled[1].Should().BeApproximately(2 * scaled[0], 1e-12);
        scaled[2].Should().BeApproximately(4 * scaled[0], 1e-12);
        scaled[0].Should().BeGreaterThan(0.001, "15-pixel jitter is worse than the batch's careful workers");
        own.Variance.Should().NotBeSameAs(scaled, "the object's own estimate is left as it was");
    }

    [Fact]
    public void WithKnown_NoWorkerKnown_IsTheObjectsOwn()
    {
        var p = Person("s", 100, 50);
        WorkerAnswer[] answers = [Answer("w1", p), Answer("w2", p), Answer("w3", p)];
        var (_, own) = Prepare(answers);
        NoiseEstimation.WithKnown(own, answers, new Dictionary<string, double> { ["other"] = 0.01 }).Should()
            .BeSameAs(own);
    }
}
