using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Tests.Fixtures;

namespace GtCustomPose.Core.Tests;

/// <summary>The façade: answers in, one label out, whatever the order; unusable answers accounted for.</summary>
public class ConsolidatorTests
{
    private static readonly Rig Coco = Rig.Coco17;

    [Fact]
    public void Consolidate_OneWorker_ReturnsTheAnswerAsIs()
    {
        var person = Person("runner", 100, 50) with { Keypoints = Person("runner", 100, 50)
            .Keypoints.Select(k => k with { X = k.X + 0.37 }).ToArray() };
        var label = Consolidate(Answer("w1", person));
        var instance = label.Instances.Single();
        instance.Name.Should().Be("runner");
        instance.Keypoints.Select(k => (k.Label, k.X, k.Y)).Should()
            .Equal(person.Keypoints.Select(k => (k.Label, k.X, k.Y)));
        instance.Agreement.Should().BeNull();
        label.NeedsReview.Should().BeTrue();
        label.ReviewReasons.Should().Equal(ReviewReasons.SingleWorker);
        label.Workers.Single().WorkerId.Should().Be("w1");
    }

    [Fact]
    public void Consolidate_NoUsableAnswer_ReturnsNull()
    {
        Consolidator.Consolidate([WorkerAnswer.Unreadable("w1", "broken")], Coco).Should().BeNull();
    }

    [Fact]
    public void Consolidate_ThreeAgreeingWorkers_AveragesAndAgrees()
    {
        var a = Person("skeleton_1", 100, 50);
        var label = Consolidate(Answer("w1", a), Answer("w2", Moved(a, k => k with { X = k.X + 2 })),
            Answer("w3", Moved(a, k => k with { X = k.X - 2 })));
        var instance = label.Instances.Single();
        Point(instance, "nose").X.Should().BeApproximately(a.Keypoints[0].X, 0.51);
        instance.Agreement.Should().BeGreaterThan(0.95);
        instance.Confidence.Should().BeGreaterThan(0.9);
        Point(instance, "nose").Votes.Should().Be(3);
        label.NeedsReview.Should().BeFalse();
        label.ReviewReasons.Should().BeEmpty();
        label.Workers.Should().OnlyContain(w => !w.LeftRightSwapped && w.Agreement > 0.95);
        label.Consolidation.Should().Be(new ConsolidationInfo(Consolidator.Method, 3, "coco-person-17"));
    }

    [Fact]
    public void Consolidate_UnreadableAndInvalidParts_AreFlaggedAndTheRestConsolidated()
    {
        var p = Person("s", 100, 50);
        var bad = AnswerParser.Parse("w3",
            """{"updated_annotations": [{"name": "s", "annotations": [{"label": "tail", "x": 1, "y": 1}]}]}""", Coco);
        var label = Consolidate(Answer("w1", p), Answer("w2", p),
            WorkerAnswer.Unreadable("w4", "the answer at s3://b/k could not be read: AccessDenied"), bad);
        label.Instances.Should().ContainSingle();
        label.ReviewReasons.Should().Contain([ReviewReasons.UnreadableAnswer, ReviewReasons.InvalidPoints]);
        label.Workers.Single(w => w.WorkerId == "w4").Issues.Should().ContainSingle().Which.Should()
            .Contain("AccessDenied");
        label.Workers.Single(w => w.WorkerId == "w3").Issues!.Single().Should().Contain("'tail' is not in the rig");
        label.Consolidation.WorkerCount.Should().Be(4);
    }

    [Fact]
    public void Consolidate_DuplicateWorkerIds_KeepsBothAndFlags()
    {
        var p = Person("s", 100, 50);
        var label = Consolidate(Answer("w1", p), Answer("w1", p), Answer("w2", p));
        label.Workers.Should().HaveCount(3);
        label.ReviewReasons.Should().Contain(ReviewReasons.DuplicateWorker);
    }

    [Fact]
    public void Consolidate_WorkerOrderAndSkeletonOrder_DoNotChangeTheResult()
    {
        var a = Person("a", 100, 50);
        var b = Person("b", 600, 60, 250);
        var r = new Random(11);
        SkeletonInstance Jitter(SkeletonInstance s) =>
            Moved(s, k => k with { X = k.X + r.Next(-6, 7), Y = k.Y + r.Next(-6, 7) });
        var answers = new[]
        {
            Answer("w1", Jitter(a), Jitter(b)), Answer("w2", Jitter(b), Mirrored(Jitter(a))),
            Answer("w3", Jitter(a)), Answer("w4", Jitter(b), Jitter(a)), Answer("w5", Jitter(a), Jitter(b)),
        };
        var expected = Serialize(Consolidator.Consolidate(answers, Coco)!);
        for (var i = 0; i < 5; i++)
        {
            var shuffled = answers.OrderBy(_ => r.Next())
                .Select(x => x with { Instances = x.Instances.Reverse().ToArray() }).ToArray();
            Serialize(Consolidator.Consolidate(shuffled, Coco)!).Should().Be(expected);
        }
    }

    [Fact]
    public void Consolidate_AllAnswersTranslated_TranslatesTheResult()
    {
        var a = Person("a", 100, 50);
        var r = new Random(5);
        var answers = Enumerable.Range(0, 4)
            .Select(i => Answer($"w{i}", Moved(a, k => k with { X = k.X + r.Next(-8, 9), Y = k.Y + r.Next(-8, 9) })))
            .ToArray();
        var moved = answers.Select(x =>
            x with { Instances = x.Instances.Select(s => Moved(s, k => k with { X = k.X + 40, Y = k.Y - 25 }))
            .ToArray() }).ToArray();
        var before = Consolidator.Consolidate(answers, Coco)!.Instances.Single().Keypoints;
        var after = Consolidator.Consolidate(moved, Coco)!.Instances.Single().Keypoints;
        after.Select(k => (k.Label, k.X, k.Y)).Should()
            .Equal(before.Select(k => (k.Label, Math.Round(k.X + 40, 1), Math.Round(k.Y - 25, 1))),
            (x, y) => x.Label == y.Label && Math.Abs(x.Item2 - y.Item2) < 0.11 && Math.Abs(x.Item3 - y.Item3) < 0.11);
    }

    [Fact]
    public void Consolidate_UnreadableAnswerSortedBetweenUsableOnes_EachSummaryDescribesItsOwnAnswer()
    {
        // "b" sorts between "a" and "c": each usable answer's fit must land on its own worker, not its neighbour's.
        var p = Person("s", 100, 50);
        var label = Consolidate(Answer("c", Mirrored(p)), WorkerAnswer.Unreadable("b", "cannot be read"),
            Answer("a", p), Answer("d", p));
        label.Workers.Select(w => w.WorkerId).Should().Equal("a", "b", "c", "d");
        label.Workers.Single(w => w.WorkerId == "b").Agreement.Should().BeNull();
        label.Workers.Single(w => w.WorkerId == "b").LeftRightSwapped.Should().BeFalse();
        label.Workers.Single(w => w.WorkerId == "c").LeftRightSwapped.Should().BeTrue();
        label.Workers.Where(w => w.WorkerId != "b").Should().OnlyContain(w => w.Agreement > 0.95);
    }

    [Fact]
    public void Consolidate_OneWorkerStatingVisibilityAndFacing_KeepsWhatItStated()
    {
        var drawn = Stated.Facing(Stated.Visible(Person("s", 100, 50), false, "left_wrist"), Facing.Back);
        var instance = Consolidator.Consolidate([Stated.Answer("w1", drawn)], Coco)!.Instances.Single();
        instance.Facing.Should().Be("back");
        Point(instance, "left_wrist").Visible.Should().BeFalse();
        instance.Keypoints.Where(k => k.Label != "left_wrist").Should().OnlyContain(k => k.Visible == null);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Consolidate_AnswersStatingNothing_NoVisibilityNoFacing(int workers)
    {
        var p = Person("s", 100, 50);
        var label = Consolidate(Enumerable.Range(0, workers).Select(i => Answer($"w{i}", p)).ToArray());
        label.Instances.Should().OnlyContain(i => i.Facing == null);
        label.Instances.SelectMany(i => i.Keypoints).Should().OnlyContain(k => k.Visible == null);
        Serialize(label).Should().NotContain("\"visible\"").And.NotContain("\"facing\"");
    }
}
