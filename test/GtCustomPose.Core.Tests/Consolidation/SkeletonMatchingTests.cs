using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Tests.Fixtures;

namespace GtCustomPose.Core.Tests;

/// <summary>Stage 1: skeletons grouped across workers into one cluster per person.</summary>
public class SkeletonMatchingTests
{
    private static readonly Rig Coco = Rig.Coco17;

    [Fact]
    public void Consolidate_TwoPeopleListedInAnyOrderAndNames_MatchesInstances()
    {
        var left = Person("p", 100, 50);
        var right = Person("q", 700, 80);
        var label = Consolidate(
            Answer("w1", left with { Name = "a" }, right with { Name = "b" }),
            Answer("w2", right with { Name = "x" }, left with { Name = "y" }),
            Answer("w3", Moved(left, k => k with { Y = k.Y + 1 }) with { Name = "a" }, right with { Name = "b" }));
        label.Instances.Should().HaveCount(2);
        Point(label.Instances[0], "nose").X.Should().BeApproximately(left.Keypoints[0].X, 1);
        Point(label.Instances[1], "nose").X.Should().BeApproximately(right.Keypoints[0].X, 1);
        label.Instances.Select(i => i.Name).Should().Equal("a", "b");
        label.NeedsReview.Should().BeFalse();
    }

    [Fact]
    public void Consolidate_SkeletonDrawnByOneOfThree_IsLeftOutAndNeedsReview()
    {
        var p = Person("s", 100, 50);
        var extra = Person("t", 800, 50);
        var label = Consolidate(Answer("w1", p, extra), Answer("w2", p), Answer("w3", p));
        label.Instances.Should().ContainSingle();
        label.ReviewReasons.Should().Contain(ReviewReasons.DisputedInstanceCount);
    }

    [Fact]
    public void Consolidate_TwoWorkersOneMissedASkeleton_KeepsItAndFlags()
    {
        var p = Person("s", 100, 50);
        var q = Person("t", 700, 50);
        var label = Consolidate(Answer("w1", p, q), Answer("w2", p));
        label.Instances.Should().HaveCount(2, Serialize(label));
        label.Instances.Single(i => i.Name == "t").Keypoints.Should().NotBeEmpty(Serialize(label))
            .And.OnlyContain(k => k.Votes == 1);
        label.ReviewReasons.Should().Contain(ReviewReasons.DisputedInstanceCount);
    }

    [Fact]
    public void Match_TwoPeopleThreeWorkers_OneClusterPerPersonEachWorkerOnce()
    {
        var p = Person("p", 100, 50);
        var q = Person("q", 700, 80);
        var matched = SkeletonMatching.Match([Answer("w1", p, q), Answer("w2", q, p), Answer("w3", p)], Coco,
            ConsolidationOptions.Default);
        matched.Workers.Should().Be(3);
        matched.Clusters.Select(c => c.Members.Count).Should().BeEquivalentTo([3, 2]);
        matched.Clusters.Should()
            .OnlyContain(c => c.Members.Select(m => m.Worker).Distinct().Count() == c.Members.Count);
        // Each cluster's centre is its person.
        var noses = matched.Clusters.Select(c => c.X[Coco.IndexOf("nose")]).Order().ToArray();
        noses.Should().Equal(p.Keypoints[0].X, q.Keypoints[0].X);
    }

    [Fact]
    public void Match_SkeletonWithNothingPlaced_IsNoMember()
    {
        var p = Person("p", 100, 50);
        var matched = SkeletonMatching.Match(
            [Stated.Answer("w1", p, new SkeletonInstance("empty", [])), Stated.Answer("w2", p)], Coco,
            ConsolidationOptions.Default);
        matched.Clusters.Should().ContainSingle().Which.Members.Should().HaveCount(2);
    }

    [Fact]
    public void Match_MirroredSkeleton_JoinsItsPersonTurned()
    {
        var p = Person("p", 100, 50);
        var matched = SkeletonMatching.Match([Answer("w1", p), Answer("w2", p), Answer("w3", Mirrored(p))], Coco,
            ConsolidationOptions.Default);
        var cluster = matched.Clusters.Should().ContainSingle().Subject;
        cluster.Members.Single(m => m.Worker == 2).Mirrored.Should().BeTrue();
        cluster.X[Coco.IndexOf("left_wrist")].Should().Be(p.Keypoints.Single(k => k.Label == "left_wrist").X);
    }
}
