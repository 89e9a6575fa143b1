using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Tests.Fixtures;

namespace GtCustomPose.Core.Tests;

/// <summary>Stage 2: members turned to one reading of left and right; an even vote settled by the face or the
/// body.</summary>
public class SideRepairTests
{
    private static readonly Rig Coco = Rig.Coco17;

    private static RepairedSides Repair(ConsolidationOptions options, params WorkerAnswer[] answers) =>
        SideRepair.Repair(SkeletonMatching.Match(answers, Coco, options), Coco, options);

    [Fact]
    public void Consolidate_MirroredWorker_IsDetectedCorrectedAndNoted()
    {
        var p = Person("s", 100, 50);
        var label = Consolidate(Answer("w1", p), Answer("w2", p),
            Answer("w3", Mirrored(Moved(p, k => k with { X = k.X + 1 }))), Answer("w4", p));
        label.Workers.Single(w => w.WorkerId == "w3").LeftRightSwapped.Should().BeTrue();
        label.Workers.Where(w => w.WorkerId != "w3").Should().OnlyContain(w => !w.LeftRightSwapped);
        Point(label.Instances.Single(), "left_wrist").X.Should()
            .BeApproximately(p.Keypoints.Single(k => k.Label == "left_wrist").X, 1);
        label.Notes.Should().Contain(ReviewReasons.SwapCorrected);
    }

    [Fact]
    public void Consolidate_OneSwappedPair_IsCorrected()
    {
        var p = Person("s", 100, 50);
        var swapped = p with { Keypoints = p.Keypoints.Select(k =>
            k.Label switch { "left_wrist" => k with { Label = "right_wrist" }, "right_wrist" =>
            k with { Label = "left_wrist" }, _ => k }).ToArray() };
        var label = Consolidate(Answer("w1", p), Answer("w2", swapped), Answer("w3", p));
        label.Workers.Single(w => w.WorkerId == "w2").LeftRightSwapped.Should().BeTrue();
        Point(label.Instances.Single(), "right_wrist").Votes.Should().Be(3);
        Point(label.Instances.Single(), "right_wrist").X.Should()
            .BeApproximately(p.Keypoints.Single(k => k.Label == "right_wrist").X, 0.5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Consolidate_TwoWorkersDisagreeOnSides_TheFaceSettlesIt(bool mirroredFirst)
    {
        // Both placed the face, so the person faces the camera: only w1's sides fit that, whoever is listed first.
        var p = Person("s", 100, 50);
        WorkerAnswer[] answers = mirroredFirst ? [Answer("w2", Mirrored(p)), Answer("w1", p)]
            : [Answer("w1", p), Answer("w2", Mirrored(p))];
        var label = Consolidator.Consolidate(answers, Coco)!;
        label.ReviewReasons.Should().NotContain(ReviewReasons.SwapDisputed);
        label.Workers.Single(w => w.WorkerId == "w2").LeftRightSwapped.Should().BeTrue();
        Point(label.Instances.Single(), "left_wrist").X.Should().Be(p.Keypoints.Single(k => k.Label == "left_wrist").X);
    }

    [Fact]
    public void Consolidate_TwoWorkersDisagreeOnSidesAndTheFaceIsUnsure_TakesASideAndFlagsIt()
    {
        // Both placed the nose, only one the eyes: the face speaks for neither side clearly. The label takes one
        // reading (one worker corrected), and the doubt sends it to review as a facing question, not a dispute.
        var p = Person("s", 100, 50);
        var noseOnly = Mirrored(p) with { Keypoints = Mirrored(p)
            .Keypoints.Where(k => k.Label is not ("left_eye" or "right_eye")).ToArray() };
        var label = Consolidate(Answer("w1", p), Answer("w2", noseOnly));
        label.ReviewReasons.Should().Contain(ReviewReasons.SidesContradictFace)
            .And.NotContain(ReviewReasons.SwapDisputed);
        label.Workers.Count(w => w.LeftRightSwapped).Should().Be(1);
    }

    [Fact]
    public void Consolidate_TwoWorkersDisagreeOnSidesWithoutTheFacingCheck_NeedsReview()
    {
        var p = Person("s", 100, 50);
        var label = Consolidator.Consolidate([Answer("w1", p), Answer("w2", Mirrored(p))], Coco,
            options: new ConsolidationOptions { CheckFacing = false })!;
        label.NeedsReview.Should().BeTrue();
        label.ReviewReasons.Should().Contain(ReviewReasons.SwapDisputed);
    }

    [Theory]
    [InlineData("wrist")]
    [InlineData("knee")]
    [InlineData("eye")]
    public void Consolidate_TwoWorkersCrossOnePair_TheRestOfTheBodyDecides(string part)
    {
        // Averaged, the crossed pair would land midway, wrong for both points; the other pairs say which side is left.
        var p = Person("s", 100, 50);
        var crossed = p with { Keypoints = p.Keypoints.Select(k => k.Label == $"left_{part}"
            ? k with { Label = $"right_{part}" } : k.Label == $"right_{part}" ? k with { Label = $"left_{part}" } : k)
            .ToArray() };
        var label = Consolidate(Answer("w1", crossed), Answer("w2", p));
        Point(label.Instances.Single(), $"left_{part}").X.Should()
            .Be(p.Keypoints.Single(k => k.Label == $"left_{part}").X);
        label.Workers.Single(w => w.WorkerId == "w1").LeftRightSwapped.Should().BeTrue();
        label.Workers.Single(w => w.WorkerId == "w2").LeftRightSwapped.Should().BeFalse();
    }

    [Fact]
    public void Consolidate_NineWorkersWithOneMirrored_OthersUnflagged()
    {
        var a = Person("a", 300, 50);
        var answers = Enumerable.Range(0, 9)
            .Select(i => Answer($"w{i}", i == 4 ? Mirrored(a) : Moved(a, k => k with { X = k.X + i % 3 - 1 })))
            .ToArray();
        var label = Consolidator.Consolidate(answers, Coco)!;
        label.Workers.Where(w => w.LeftRightSwapped).Select(w => w.WorkerId).Should().Equal("w4");
        label.NeedsReview.Should().BeFalse();
    }

    [Fact]
    public void Repair_OneOfFourMirrored_TurnsItAndNamesItsWorker()
    {
        var p = Person("s", 100, 50);
        var sides = Repair(ConsolidationOptions.Default, Answer("w1", p), Answer("w2", p), Answer("w3", Mirrored(p)),
            Answer("w4", p));
        sides.Disputed.Should().Equal(false);
        sides.SwappedWorkers().Should().Equal(false, false, true, false);
        var wrist = Coco.IndexOf("left_wrist");
        sides.Clusters.Single().Members.Should()
            .OnlyContain(m => m.X[wrist] == p.Keypoints.Single(k => k.Label == "left_wrist").X);
    }

    [Fact]
    public void Repair_EvenSplitWithoutTheFacingCheck_IsDisputed()
    {
        var p = Person("s", 100, 50);
        var sides = Repair(new ConsolidationOptions { CheckFacing = false }, Answer("w1", p),
            Answer("w2", Mirrored(p)));
        sides.Disputed.Should().Equal(true);
    }

    [Fact]
    public void Repair_MirroredMember_StatedVisibilityTurnsWithThePoints()
    {
        // w3 drew the person mirrored and marked its "left" wrist (the person's right) occluded, as w1 and w2 did the
        // right wrist: once turned, all three statements are about the right wrist.
        var p = Person("s", 100, 50);
        var occludedRight = Stated.Visible(p, false, "right_wrist");
        var label = Consolidator.Consolidate([Stated.Answer("w1", occludedRight), Stated.Answer("w2", occludedRight),
            Stated.Answer("w3", Stated.Visible(Mirrored(p), false, "left_wrist"))], Coco)!;
        var instance = label.Instances.Single();
        label.Workers.Single(w => w.WorkerId == "w3").LeftRightSwapped.Should().BeTrue();
        Point(instance, "right_wrist").Visible.Should().BeFalse();
        Point(instance, "left_wrist").Visible.Should().BeNull();
    }

    [Fact]
    public void Repair_CarelessMinorityAndAFaceBarelyPlaced_KeepsTheMajority()
    {
        // The two who read the sides alike rarely mirror; the one against them often does. Almost nobody placed the
        // face, which taken alone reads like a person seen from behind: at the crowd's one rate for all the face
        // would overturn the majority, but the majority of careful workers outweighs it.
        var (answers, options) = CarelessMinority();
        var sides = SideRepair.Repair(SkeletonMatching.Match(answers, Coco, options), Coco, options,
            answers.Select(a => a.WorkerId).ToArray());
        sides.SwappedWorkers().Should().Equal(true, false, false);
        sides.Disputed.Should().Equal(false);
    }

    [Fact]
    public void Decides_RatesThatTurnTheFaceAnswer_IsFalse()
    {
        // The same careless minority as above: with the workers' rates the face keeps the majority, at one rate for
        // all it overturns it, so a pass without the rates must repair the object again.
        var (answers, options) = CarelessMinority();
        var ids = answers.Select(a => a.WorkerId).ToArray();
        var decision = SideRepair.Repair(SkeletonMatching.Match(answers, Coco, options), Coco, options, ids)
            .Decisions.Single();
        decision.Decides(options, ids).Should().BeTrue();
        decision.Decides(ConsolidationOptions.Default, ids).Should().BeFalse();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Repair_OddVoteNotClear_TheFaceSettlesIt(bool mirroredFirst)
    {
        // The third worker put each left/right pair it placed on the pair's midpoint: it reads both ways alike, so
        // the vote is one against one with a third undecided. All three placed the face: the person faces the camera.
        var p = Person("s", 100, 50);
        var midpoints = Without(p, p.Keypoints.Select(k => k.Label)
            .Where(l => l is not ("nose" or "left_eye" or "right_eye" or "left_shoulder" or "right_shoulder"))
            .ToArray());
        midpoints = Moved(midpoints, k => k.Label == "nose" ? k : k with { X = Midpoint(p, k.Label) });
        WorkerAnswer[] answers = mirroredFirst
            ? [Answer("w2", Mirrored(p)), Answer("w1", p), Answer("w3", midpoints)]
            : [Answer("w1", p), Answer("w2", Mirrored(p)), Answer("w3", midpoints)];
        var sides = Repair(ConsolidationOptions.Default, answers);
        var members = sides.Clusters.Single().Members;
        members.Should().HaveCount(3);
        var wrist = Coco.IndexOf("left_wrist");
        members.Where(m => !double.IsNaN(m.X[wrist])).Should()
            .OnlyContain(m => m.X[wrist] == p.Keypoints.Single(k => k.Label == "left_wrist").X);
        // Settled, yet still disputed: the face read it, no clear vote did, and the audit should rank it so.
        sides.Disputed.Should().Equal(true);
    }

    /// <summary>
    /// A careless worker (mirror rate 0.45) mirrored a front view two careful ones (0.02) read alike; only one of them
    /// placed the nose, nobody the eyes.
    /// </summary>
    private static (WorkerAnswer[] Answers, ConsolidationOptions Options) CarelessMinority()
    {
        var p = Without(Person("s", 100, 50), "left_eye", "right_eye");
        var faceless = Without(p, "nose");
        var answers = new[] { Answer("careless", Mirrored(faceless)), Answer("w2", p), Answer("w3", faceless) };
        var options = ConsolidationOptions.Default with
        {
            WorkerRates = new Dictionary<string, WorkerRates>
            {
                ["careless"] = new(0.45, 0.05, 0.01), ["w2"] = new(0.02, 0.05, 0.01), ["w3"] = new(0.02, 0.05, 0.01),
            },
        };
        return (answers, options);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Repair_EvenVoteOnAPersonNearProfile_TheFaceSettlesIt(bool mirroredFirst)
    {
        // Left points 60 px up, right ones 60 px down: left-to-right runs 24 degrees off "up" (sine 0.4), nearer a
        // profile than a majority is checked at, yet both workers placed the face, so only w1's sides fit.
        var p = Moved(Person("s", 100, 100), k => k with
        {
            Y = k.Y + (k.Label.StartsWith("left_", StringComparison.Ordinal) ? -60
                : k.Label.StartsWith("right_", StringComparison.Ordinal) ? 60 : 0),
        });
        WorkerAnswer[] answers = mirroredFirst ? [Answer("w2", Mirrored(p)), Answer("w1", p)]
            : [Answer("w1", p), Answer("w2", Mirrored(p))];
        var sides = Repair(ConsolidationOptions.Default, answers);
        sides.Disputed.Should().Equal(false);
        var wrist = Coco.IndexOf("left_wrist");
        sides.Clusters.Single().Members.Should()
            .OnlyContain(m => m.X[wrist] == p.Keypoints.Single(k => k.Label == "left_wrist").X);
    }

    private static SkeletonInstance Without(SkeletonInstance s, params string[] labels) =>
        s with { Keypoints = s.Keypoints.Where(k => !labels.Contains(k.Label)).ToArray() };

    private static double Midpoint(SkeletonInstance s, string label)
    {
        var side = label[(label.IndexOf('_', StringComparison.Ordinal) + 1)..];
        return s.Keypoints.Where(k => k.Label.EndsWith("_" + side, StringComparison.Ordinal)).Average(k => k.X);
    }
}
