using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Tests.Fixtures;

namespace GtCustomPose.Core.Tests;

/// <summary>The review verdict: the label's reasons, and per skeleton the reasons about it; audit mode.</summary>
public class ReviewVerdictTests
{
    private static readonly Rig Coco = Rig.Coco17;

    private static readonly string[] ObjectLevel =
        [ReviewReasons.SingleWorker, ReviewReasons.UnreadableAnswer, ReviewReasons.DuplicateWorker,
            ReviewReasons.InvalidPoints];

    [Theory]
    [InlineData(1, 3, "TooFew")]
    [InlineData(2, 4, "Half")]
    [InlineData(1, 2, "Half")]
    [InlineData(2, 3, "Majority")]
    [InlineData(3, 3, "All")]
    public void Support_MembersOfWorkers_SaysHowManyDrewThePerson(int members, int workers, string expected) =>
        ReviewVerdict.Support(members, workers).Should().Be(Enum.Parse<ClusterSupport>(expected));

    [Fact]
    public void Consolidate_OnePersonClickedLoosely_OnlyThatInstanceCarriesLowAgreement()
    {
        var sharp = Person("sharp", 100, 50);
        var blurry = Person("blurry", 700, 50);
        var r = new Random(3);
        SkeletonInstance Loose(SkeletonInstance s) =>
            Moved(s, k => k with { X = k.X + r.Next(-40, 41), Y = k.Y + r.Next(-40, 41) });
        var label = Consolidate(Answer("w1", sharp, Loose(blurry)), Answer("w2", sharp, Loose(blurry)),
            Answer("w3", sharp, Loose(blurry)));
        label.ReviewReasons.Should().Contain(ReviewReasons.LowAgreement);
        label.Instances.Single(i => i.Name == "blurry").ReviewReasons.Should().Equal(ReviewReasons.LowAgreement);
        label.Instances.Single(i => i.Name == "sharp").ReviewReasons.Should().BeNull();
    }

    [Fact]
    public void Consolidate_SkeletonDrawnByHalfTheWorkers_ThatInstanceCarriesTheDisputedCount()
    {
        var p = Person("p", 100, 50);
        var q = Person("q", 700, 50);
        var label = Consolidate(Answer("w1", p, q), Answer("w2", p));
        label.ReviewReasons.Should().Contain(ReviewReasons.DisputedInstanceCount);
        label.Instances.Single(i => i.Name == "q").ReviewReasons.Should().Contain(ReviewReasons.DisputedInstanceCount);
        (label.Instances.Single(i => i.Name == "p").ReviewReasons ?? []).Should()
            .NotContain(ReviewReasons.DisputedInstanceCount);
    }

    [Fact]
    public void Consolidate_OnePersonMirroredByEveryWorker_OnlyThatInstanceContradictsTheFace()
    {
        var right = Person("right", 100, 50);
        var mirrored = Mirrored(Person("mirrored", 700, 50));
        var label = Consolidate(Answer("w1", right, mirrored), Answer("w2", right, mirrored),
            Answer("w3", right, mirrored));
        label.Instances.Single(i => i.Name == "mirrored").ReviewReasons.Should()
            .Equal(ReviewReasons.SidesContradictFace);
        label.Instances.Single(i => i.Name == "right").ReviewReasons.Should().BeNull();
    }

    [Fact]
    public void Consolidate_EvenSideSplitWithoutTheFacingCheck_TheInstanceIsDisputed()
    {
        var p = Person("s", 100, 50);
        var label = Consolidator.Consolidate([Answer("w1", p), Answer("w2", Mirrored(p))], Coco,
            options: new ConsolidationOptions { CheckFacing = false })!;
        label.Instances.Single().ReviewReasons.Should().Contain(ReviewReasons.SwapDisputed);
    }

    [Fact]
    public void Consolidate_ObjectLevelReasons_StayOnTheLabel()
    {
        var p = Person("s", 100, 50);
        var label = Consolidate(Answer("w1", p), Answer("w1", p), Answer("w2", p),
            WorkerAnswer.Unreadable("w3", "gone"));
        label.ReviewReasons.Should().Contain([ReviewReasons.DuplicateWorker, ReviewReasons.UnreadableAnswer]);
        label.Instances.Single().ReviewReasons.Should().BeNull();
        Consolidate(Answer("w1", p)).Instances.Single().ReviewReasons.Should()
            .BeNull("single_worker is about the object");
    }

    [Fact]
    public void Consolidate_MeanConfidenceLow_OnTheSkeletonOnlyWhenItIsTheOnlyOne()
    {
        // The mean threshold alone decides here: with one skeleton the mean is that skeleton's, with two it is
        // nobody's.
        var options = new ConsolidationOptions { LowConfidenceThreshold = 0, LowMeanConfidenceThreshold = 0.9999 };
        var p = Person("p", 100, 50);
        var q = Person("q", 700, 50);
        var r = new Random(4);
        SkeletonInstance Jitter(SkeletonInstance s) => Moved(s, k => k with { X = k.X + r.Next(-3, 4) });
        var one = Consolidator.Consolidate([Answer("w1", Jitter(p)), Answer("w2", Jitter(p)), Answer("w3", Jitter(p))],
            Coco, options: options)!;
        one.ReviewReasons.Should().Equal(ReviewReasons.LowConfidence);
        one.Instances.Single().ReviewReasons.Should().Equal(ReviewReasons.LowConfidence);
        var two = Consolidator.Consolidate([Answer("w1", Jitter(p), Jitter(q)), Answer("w2", Jitter(p), Jitter(q)),
            Answer("w3", Jitter(p), Jitter(q))], Coco, options: options)!;
        two.ReviewReasons.Should().Equal(ReviewReasons.LowConfidence);
        two.Instances.Should().OnlyContain(i => i.ReviewReasons == null);
    }

    [Fact]
    public void Consolidate_SimulatedObjects_InstanceReasonsAreTheLabelsAboutOneSkeleton()
    {
        var sim = new Simulation.WorkerSimulator(Coco, new Simulation.SimulationSettings { WorkersPerObject = 3 },
            seed: 9);
        var flagged = 0;
        foreach (var o in sim.Generate(300))
        {
            var label = Consolidator.Consolidate(o.Answers.Select(a => AnswerParser.Parse(a.WorkerId, a.Content, Coco))
                .ToList(), Coco)!;
            foreach (var instance in label.Instances)
            {
                if (instance.ReviewReasons is not { } own) continue;
                flagged++;
                own.Should().NotBeEmpty().And.BeSubsetOf(label.ReviewReasons).And.NotContain(ObjectLevel)
                    .And.BeInAscendingOrder(StringComparer.Ordinal);
            }
            label.NeedsReview.Should().Be(label.ReviewReasons.Count > 0);
        }
        flagged.Should().BeGreaterThan(10, "the simulated crowd makes mistakes worth flagging");
    }

    [Fact]
    public void Consolidate_OneAuditorInAuditMode_NotFlaggedForBeingAlone()
    {
        var audit = new ConsolidationOptions { AuditMode = true };
        var p = Person("s", 100, 50);
        var label = Consolidator.Consolidate([Answer("auditor", p)], Coco, options: audit)!;
        label.NeedsReview.Should().BeFalse();
        label.ReviewReasons.Should().BeEmpty();
        label.Consolidation.Method.Should().Be("single-worker");
        Consolidator.Consolidate([Answer("auditor", p), WorkerAnswer.Unreadable("other", "gone")], Coco,
            options: audit)!
            .ReviewReasons.Should().Equal(ReviewReasons.UnreadableAnswer);
        Consolidate(Answer("auditor", p)).ReviewReasons.Should().Equal(ReviewReasons.SingleWorker);
    }

    [Fact]
    public void Consolidate_SeveralAuditorsInAuditMode_ConsolidatedAsUsual()
    {
        var p = Person("s", 100, 50);
        WorkerAnswer[] answers = [Answer("a1", p), Answer("a2", Mirrored(p)),
            Answer("a3", Moved(p, k => k with { X = k.X + 30 }))];
        var audit = Consolidator.Consolidate(answers, Coco, options: new ConsolidationOptions { AuditMode = true })!;
        var usual = Consolidate(answers);
        audit.Should().BeEquivalentTo(usual);
    }
}
