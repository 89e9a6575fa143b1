using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Tests.Fixtures;

namespace GtCustomPose.Core.Tests;

/// <summary>Stage 4: per cluster the skeleton, its agreement and each member's fit; stated visibility and facing by
/// majority.</summary>
public class InstanceEstimationTests
{
    private static readonly Rig Coco = Rig.Coco17;

    private static InstanceEstimate Estimate(params WorkerAnswer[] answers)
    {
        var (sides, noise) = Consolidator.Prepare(answers, Coco, ConsolidationOptions.Default);
        return InstanceEstimation.Estimate(0, sides.Clusters.Single(), Coco, noise, ConsolidationOptions.Default);
    }

    [Fact]
    public void Consolidate_TwoWorkersFarApartOnSomeKeypoints_ThoseKeypointsLoseConfidence()
    {
        // Two workers agree to the pixel but for the arms, 60 px apart: their noise says "careful", their spread there
        // does not.
        var p = Person("s", 100, 50);
        string[] arms = ["left_elbow", "right_elbow", "left_wrist", "right_wrist"];
        var label = Consolidate(Answer("w1", p),
            Answer("w2", Moved(p, k => arms.Contains(k.Label) ? k with { X = k.X + 60 } : k)));
        var keypoints = label.Instances.Single().Keypoints.ToDictionary(k => k.Label);
        keypoints["left_wrist"].Confidence.Should().BeLessThan(0.6);
        keypoints["right_elbow"].Confidence.Should().BeLessThan(0.6);
        keypoints["nose"].Confidence.Should().BeGreaterThan(0.95);
    }

    [Fact]
    public void Consolidate_OutlierClick_IsLeftOutOfTheEstimate()
    {
        var p = Person("s", 100, 50);
        var noseX = p.Keypoints[0].X;
        var wild = Moved(p, k => k.Label == "nose" ? k with { X = k.X + 150 } : k);
        var label = Consolidate(Answer("w1", p), Answer("w2", Moved(p, k => k with { X = k.X + 1 })),
            Answer("w3", wild), Answer("w4", Moved(p, k => k with { X = k.X - 1 })));
        Point(label.Instances.Single(), "nose").X.Should().BeApproximately(noseX, 1);
        label.Workers.Single(w => w.WorkerId == "w3").Outliers.Should().Be(1);
        label.Notes.Should().Contain(ReviewReasons.OutliersExcluded);
    }

    [Fact]
    public void Consolidate_ThreeWorkersOneStrayClick_OnlyTheStrayClickIsLeftOut()
    {
        // The median of the other two would be halfway to the stray click, and leave the good clicks out with it.
        var p = Person("s", 100, 50);
        var noseX = p.Keypoints[0].X;
        var alike = new ConsolidationOptions { WorkerNoise = new Dictionary<string, double>
            { ["w1"] = 0.001, ["w2"] = 0.001, ["w3"] = 0.001 } };
        var label = Consolidator.Consolidate(
            [
                Answer("w1", p),
                Answer("w2", Moved(p, k => k with { X = k.X + 2 })),
                Answer("w3", Moved(p, k => k.Label == "nose" ? k with { X = k.X + 150 } : k)),
            ],
            Coco,
            options: alike)!;
        Point(label.Instances.Single(), "nose").X.Should().BeApproximately(noseX + 1, 0.6);
        label.Workers.Select(w => w.Outliers ?? 0).Should().Equal(0, 0, 1);
    }

    [Theory]
    [InlineData(0.001, 0.05, 0)]
    [InlineData(0.05, 0.001, 150)]
    [InlineData(0.001, 0.001, 0)]
    public void Consolidate_TwoClicksFarApart_TheNoisierWorkersElseTheOneOffTheSkeletonIsLeftOut(
        double firstNoise, double secondNoise, double expectedOffset)
    {
        // The third worker left the nose out: two clicks 150 px apart cannot both be right.
        var p = Person("s", 100, 50);
        var noseX = p.Keypoints[0].X;
        var options = new ConsolidationOptions { WorkerNoise = new Dictionary<string, double>
            { ["w1"] = firstNoise, ["w2"] = secondNoise, ["w3"] = 0.001 } };
        var label = Consolidator.Consolidate(
            [
                Answer("w1", p),
                Answer("w2", Moved(p, k => k.Label == "nose" ? k with { X = k.X + 150 } : k)),
                Answer("w3", p with { Keypoints = p.Keypoints.Skip(1).ToArray() }),
            ],
            Coco,
            options: options)!;
        Point(label.Instances.Single(), "nose").X.Should().BeApproximately(noseX + expectedOffset, 1);
        (label.Workers.Single(w => w.WorkerId == "w2").Outliers ?? 0).Should().Be(expectedOffset == 0 ? 1 : 0);
    }

    [Fact]
    public void Consolidate_TwoLikeWorkersOneNoseOffTheFace_KeepsTheNoseByTheEyesWithTheDoubtOfBoth()
    {
        // Alike in noise and habits, so only the skeleton tells which click strayed: w2's nose is 150 px from the eyes
        // both workers put in the same place.
        var p = Person("s", 100, 50);
        var noseX = p.Keypoints[0].X;
        var alike = new ConsolidationOptions
        {
            WorkerNoise = new Dictionary<string, double> { ["w1"] = 0.001, ["w2"] = 0.001 },
        };
        var label = Consolidator.Consolidate(
            [Answer("w1", p), Answer("w2", Moved(p, k => k.Label == "nose" ? k with { X = k.X + 150 } : k))],
            Coco,
            options: alike)!;

        var nose = Point(label.Instances.Single(), "nose");
        nose.X.Should().BeApproximately(noseX, 1);
        nose.Confidence.Should().BeLessThan(0.1, "the shape chose, the two clicks still disagree by 150 px");
    }

    [Fact]
    public void Consolidate_KeypointPlacedByFewWorkers_IsLeftOutAndNoted()
    {
        var p = Person("s", 100, 50);
        var withoutNose = p with { Keypoints = p.Keypoints.Skip(1).ToArray() };
        var label = Consolidate(Answer("w1", p), Answer("w2", withoutNose), Answer("w3", withoutNose));
        label.Instances.Single().Keypoints.Should().NotContain(k => k.Label == "nose");
        label.Notes.Should().Contain(ReviewReasons.FewVotes);
    }

    [Fact]
    public void Consolidate_NoisyWorkers_LowConfidenceNeedsReview()
    {
        var p = Person("s", 100, 50);
        var r = new Random(3);
        WorkerAnswer Noisy(string id) =>
            Answer(id, Moved(p, k => k with { X = k.X + r.Next(-40, 41), Y = k.Y + r.Next(-40, 41) }));
        var label = Consolidate(Noisy("w1"), Noisy("w2"), Noisy("w3"));
        label.NeedsReview.Should().BeTrue();
        label.ReviewReasons.Should().Contain(ReviewReasons.LowConfidence);
    }

    [Fact]
    public void Estimate_OneWildClick_RecordHoldsEachMembersFitAndOutliers()
    {
        var p = Person("s", 100, 50);
        var wild = Moved(p, k => k.Label == "nose" ? k with { X = k.X + 150 } : k);
        var e = Estimate(Answer("w1", p), Answer("w2", Moved(p, k => k with { X = k.X + 1 })), Answer("w3", wild),
            Answer("w4", Moved(p, k => k with { X = k.X - 1 })));
        e.Members.Select(m => m.Worker).Should().BeEquivalentTo([0, 1, 2, 3]);
        e.Members.Single(m => m.Worker == 2).Outliers.Should().Be(1);
        e.Members.Where(m => m.Worker != 2).Should().OnlyContain(m => m.Outliers == 0 && m.Oks > 0.95);
        e.Members.Single(m => m.Worker == 2).Oks.Should()
            .BeLessThan(e.Members.Where(m => m.Worker != 2).Min(m => m.Oks));
        e.Agreement.Should().BeApproximately(e.Members.Average(m => m.Oks), 1e-12);
        e.Instance.Agreement.Should().Be(Math.Round(e.Agreement, 3));
        e.Instance.Confidence.Should().Be(Math.Round(e.ExpectedOks, 3));
        e.FewVotes.Should().BeFalse();
        e.SidesWrongChance.Should().BeLessThan(0.03);
    }

    [Theory]
    [InlineData(new[] { false, false, true }, false)]
    [InlineData(new[] { true, true, false }, true)]
    [InlineData(new[] { true, false }, true)]
    public void Consolidate_StatedVisibility_MajorityOfThePlacersWhoSaid(bool[] stated, bool expected)
    {
        // One more worker places the wrist and says nothing: only statements count.
        var p = Person("s", 100, 50);
        var answers = stated.Select((v, i) => Stated.Answer($"w{i}", Stated.Visible(p, v, "left_wrist")))
            .Append(Stated.Answer("silent", p)).ToArray();
        var instance = Consolidator.Consolidate(answers, Coco)!.Instances.Single();
        Point(instance, "left_wrist").Visible.Should().Be(expected);
        Point(instance, "nose").Visible.Should().BeNull();
    }

    [Theory]
    [InlineData(new[] { Facing.Back, Facing.Back, Facing.Unknown }, "back")]
    [InlineData(new[] { Facing.Side, Facing.Front, Facing.Side }, "side")]
    [InlineData(new[] { Facing.Front, Facing.Back, Facing.Unknown }, null)]
    [InlineData(new[] { Facing.Unknown, Facing.Unknown, Facing.Unknown }, null)]
    public void Consolidate_DeclaredFacing_MajorityOfTheDeclared(Facing[] declared, string? expected)
    {
        var p = Person("s", 100, 50);
        var answers = declared.Select((f, i) => Stated.Answer($"w{i}", Stated.Facing(p, f))).ToArray();
        Consolidator.Consolidate(answers, Coco)!.Instances.Single().Facing.Should().Be(expected);
    }
}
