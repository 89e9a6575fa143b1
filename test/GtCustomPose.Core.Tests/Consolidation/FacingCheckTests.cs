using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Tests.Fixtures;

namespace GtCustomPose.Core.Tests;

/// <summary>Whether a consensus has left and right exchanged: sides against the face, the mirror vote and declared
/// facings.</summary>
public class FacingCheckTests
{
    private static readonly string[] Face = ["nose", "left_eye", "right_eye"];

    private static IReadOnlyList<string> Reasons(ConsolidationOptions? options, params SkeletonInstance[] drawn) =>
        Consolidator.Consolidate(drawn.Select((p, i) => Stated.Answer($"w{i}", p)).ToArray(), Rig.Coco17,
            options: options)!.ReviewReasons;

    private static SkeletonInstance Faceless(SkeletonInstance s) =>
        s with { Keypoints = s.Keypoints.Where(k => !Face.Contains(k.Label)).ToArray() };

    private static SkeletonInstance[] Declaring(Facing facing, params SkeletonInstance[] drawn) =>
        drawn.Select(s => Stated.Facing(s, facing)).ToArray();

    /// <summary>Turned by <paramref name="degrees"/> about (500, 500): a rotation keeps which side is which.</summary>
    private static SkeletonInstance Turned(SkeletonInstance s, double degrees)
    {
        var (sin, cos) = Math.SinCos(degrees * Math.PI / 180);
        return Moved(s, k =>
            k with { X = 500 + (k.X - 500) * cos - (k.Y - 500) * sin,
            Y = 500 + (k.X - 500) * sin + (k.Y - 500) * cos });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(90)]
    [InlineData(200)]
    public void Consolidate_EveryWorkerLabelsAFrontViewFromTheirOwnSide_FlagsIt(double degrees)
    {
        var person = Turned(Person("p", 300, 200), degrees);
        Reasons(null, Mirrored(person), Mirrored(person), Mirrored(person)).Should()
            .Contain(ReviewReasons.SidesContradictFace);
        Reasons(null, person, person, person).Should().NotContain(ReviewReasons.SidesContradictFace);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(90)]
    [InlineData(200)]
    public void Consolidate_EveryWorkerLabelsABackViewFromTheirOwnSide_FlagsIt(double degrees)
    {
        // Seen from behind (no face), the person's left shoulder is on the image's left; read mirrored it looks like a
        // front view.
        var back = Turned(Faceless(Mirrored(Person("p", 300, 200))), degrees);
        var mirrored = Turned(Faceless(Person("p", 300, 200)), degrees);
        Reasons(null, mirrored, mirrored, mirrored).Should().Contain(ReviewReasons.SidesContradictFace);
        Reasons(null, back, back, back).Should().NotContain(ReviewReasons.SidesContradictFace);
    }

    [Fact]
    public void Consolidate_FaceGuessedByOneWorkerOfThree_StillCountsAsNoFace()
    {
        // 3 of 9 possible face placements: a guess at a hidden face, not a face.
        var frontReading = Person("p", 300, 200);
        Reasons(null, Faceless(frontReading), Faceless(frontReading), frontReading).Should()
            .Contain(ReviewReasons.SidesContradictFace);
        // 6 of 9, each placed by two of three: the face shows, and a front reading agrees with it.
        Reasons(null, Faceless(frontReading), frontReading, frontReading).Should()
            .NotContain(ReviewReasons.SidesContradictFace);
    }

    [Fact]
    public void Consolidate_NoFaceNoHipsNoKnees_SaysNothing()
    {
        // Without a face only the hips or knees tell which way is up along the body: a nose that half the workers
        // guessed does not.
        string[] dropped = ["left_eye", "right_eye", "left_hip", "right_hip", "left_knee", "right_knee"];
        var person = Person("p", 300, 200);
        var noseOnly = person with { Keypoints = person.Keypoints.Where(k => !dropped.Contains(k.Label)).ToArray() };
        var neither = Faceless(noseOnly);
        Reasons(null, noseOnly, noseOnly, neither, neither).Should().NotContain(ReviewReasons.SidesContradictFace);
    }

    [Fact]
    public void Consolidate_BackViewWithoutAFace_IsNotFlagged()
    {
        var back = Faceless(Mirrored(Person("p", 300, 200)));
        Reasons(null, back, back, back).Should().NotContain(ReviewReasons.SidesContradictFace);
    }

    [Fact]
    public void Consolidate_FacePlacedByOnlyHalfTheWorkers_IsNotEvidence()
    {
        var back = Mirrored(Person("p", 300, 200));
        Reasons(null, back, back, Faceless(back), Faceless(back)).Should()
            .NotContain(ReviewReasons.SidesContradictFace);
        Reasons(null, back, back, back, back).Should().Contain(ReviewReasons.SidesContradictFace);
    }

    [Fact]
    public void Consolidate_SixOfSixMirrorAFrontView_FiveFacesStillCatchIt()
    {
        // A crowd that misread the instructions mirrors together: a unanimous vote must not outweigh five faces of six.
        var mirrored = Mirrored(Person("p", 300, 200));
        Reasons(null, mirrored, mirrored, mirrored, mirrored, mirrored, Faceless(mirrored)).Should()
            .Contain(ReviewReasons.SidesContradictFace);
    }

    private static ConsolidatedLabel Label(params SkeletonInstance[] drawn) =>
        Consolidator.Consolidate(drawn.Select((p, i) => Stated.Answer($"w{i}", p)).ToArray(), Rig.Coco17)!;

    private static double LeftShoulderX(ConsolidatedLabel label) =>
        label.Instances.Single().Keypoints.Single(k => k.Label == "left_shoulder").X;

    [Fact]
    public void Consolidate_TwoOfThreeMirrorAFrontView_TheFaceOverturnsTheVoteAndFlagsIt()
    {
        // The face shows, so the person faces the camera; two workers of three drew the sides from their own view.
        var person = Person("p", 300, 200);
        var truth = person.Keypoints.Single(k => k.Label == "left_shoulder").X;
        var overturned = Label(Mirrored(person), Mirrored(person), person);
        LeftShoulderX(overturned).Should().BeApproximately(truth, 1, "the face outweighs a vote of two to one");
        overturned.ReviewReasons.Should().Contain(ReviewReasons.SwapDisputed);
        var agreed = Label(person, person, Mirrored(person));
        LeftShoulderX(agreed).Should().BeApproximately(truth, 1);
        agreed.ReviewReasons.Should().NotContain([ReviewReasons.SidesContradictFace, ReviewReasons.SwapDisputed]);
    }

    [Fact]
    public void Consolidate_ThreeToTwoMirrorVote_MajorityDecidesUnlessTheFaceOverturnsIt()
    {
        var person = Person("p", 300, 200);
        // Three of five read it right: a strict majority settles the sides, and the face agrees.
        Reasons(null, person, person, person, Mirrored(person), Mirrored(person)).Should()
            .NotContain([ReviewReasons.SwapDisputed, ReviewReasons.SidesContradictFace]);
        // Three of five mirrored it: the face it contradicts overturns the majority, and the object goes to review.
        var overturned = Label(Mirrored(person), Mirrored(person), Mirrored(person), person, person);
        LeftShoulderX(overturned).Should().BeApproximately(
            person.Keypoints.Single(k => k.Label == "left_shoulder").X, 1);
        overturned.ReviewReasons.Should().Contain(ReviewReasons.SwapDisputed);
    }

    [Fact]
    public void Consolidate_TwoOfThreeMirrorABackView_TheFaceOverturnsTheVoteAndFlagsIt()
    {
        // No face: the person faces away, so the left shoulder is on the image's left; two workers of three drew it as
        // a front view.
        var back = Faceless(Mirrored(Person("p", 300, 200)));
        var mirrored = Faceless(Person("p", 300, 200));
        var truth = back.Keypoints.Single(k => k.Label == "left_shoulder").X;
        var overturned = Label(mirrored, mirrored, back);
        LeftShoulderX(overturned).Should().BeApproximately(truth, 1);
        overturned.ReviewReasons.Should().Contain(ReviewReasons.SwapDisputed);
        Label(back, back, mirrored).ReviewReasons.Should()
            .NotContain([ReviewReasons.SidesContradictFace, ReviewReasons.SwapDisputed]);
    }

    [Theory]
    [InlineData("left_shoulder", "right_hip")]
    [InlineData("left_hip", "right_hip")]
    [InlineData("right_shoulder", "left_knee")]
    public void Consolidate_SomeTorsoLandmarksHidden_StillReadsTheSides(string hidden, string alsoHidden)
    {
        var person = Person("p", 300, 200);
        var partial = Mirrored(person with { Keypoints = person.Keypoints.Where(k => k.Label != hidden
            && k.Label != alsoHidden).ToArray() });
        Reasons(null, partial, partial, partial).Should().Contain(ReviewReasons.SidesContradictFace);
        Reasons(null, Mirrored(partial), Mirrored(partial), Mirrored(partial)).Should()
            .NotContain(ReviewReasons.SidesContradictFace);
    }

    [Fact]
    public void Consolidate_LowerSidesWrongThreshold_FlagsWeakerEvidence()
    {
        // One worker in three guessed the face of a person seen from behind: weak evidence of a face, flagged only by a
        // strict setting.
        var back = Faceless(Mirrored(Person("p", 300, 200)));
        var guessed = Mirrored(Person("p", 300, 200));
        Reasons(null, back, back, guessed).Should().NotContain(ReviewReasons.SidesContradictFace);
        Reasons(new ConsolidationOptions { SidesWrongThreshold = 1e-8 }, back, back, guessed).Should()
            .Contain(ReviewReasons.SidesContradictFace);
    }

    [Fact]
    public void Consolidate_FacingCheckOff_DoesNotFlag()
    {
        var mirrored = Mirrored(Person("p", 300, 200));
        Reasons(new ConsolidationOptions { CheckFacing = false }, mirrored, mirrored, mirrored).Should()
            .NotContain(ReviewReasons.SidesContradictFace);
    }

    [Fact]
    public void Consolidate_CrowdSaysFacingAwayAndGuessedTheFace_IsNotFlagged()
    {
        // Sides drawn as seen from behind, and every worker guessed where the face would be.
        var guessed = Mirrored(Person("p", 300, 200));
        Reasons(null, guessed, guessed, guessed).Should().Contain(ReviewReasons.SidesContradictFace);
        Reasons(null, Declaring(Facing.Back, guessed, guessed, guessed)).Should()
            .NotContain(ReviewReasons.SidesContradictFace);
    }

    [Fact]
    public void Consolidate_DeclaredFacingContradictsTheSides_IsFlagged()
    {
        // Two of three placed the face, which neither side reading explains well; three workers saying the person
        // faces away, while the sides read as a front view, make the sides the likelier mistake.
        var front = Person("p", 300, 200);
        Reasons(null, Faceless(front), front, front).Should().NotContain(ReviewReasons.SidesContradictFace);
        Reasons(null, Declaring(Facing.Back, Faceless(front), front, front)).Should()
            .Contain(ReviewReasons.SidesContradictFace);
        Reasons(null, Declaring(Facing.Front, Faceless(front), front, front)).Should()
            .NotContain(ReviewReasons.SidesContradictFace);
    }

    [Fact]
    public void Consolidate_DeclaredSideView_SaysNothingOfTheSides()
    {
        var guessed = Mirrored(Person("p", 300, 200));
        Reasons(null, Declaring(Facing.Side, guessed, guessed, guessed)).Should()
            .Equal(Reasons(null, guessed, guessed, guessed));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(3, 0)]
    [InlineData(0, 2)]
    public void SidesWrongChance_DeclarationsAgainstTheReading_RaiseItByTheirOdds(int against, int with)
    {
        // A front reading (the fixture's person), two of three faces placed: each declaration multiplies the odds.
        var person = Person("p", 300, 200);
        var f = Rig.Coco17.FacingLandmarks!;
        var (x, y) = (new double[17], new double[17]);
        foreach (var k in person.Keypoints) (x[Rig.Coco17.IndexOf(k.Label)], y[Rig.Coco17.IndexOf(k.Label)]) = (k.X,
            k.Y);
        var votes = Enumerable.Range(0, 17).Select(i => i is 0 or 1 or 2 ? 2 : 3).ToArray();
        var a = FacingAssumptions.Default;
        double Odds(double chance) => chance / (1 - chance);
        var none = FacingCheck.SidesWrongChance(x, y, votes, 3, 0, f, a, default);
        var declared = FacingCheck.SidesWrongChance(x, y, votes, 3, 0, f, a, new DeclaredFacing(with, against, 0));
        var ratio = Math.Pow(a.DeclaredFacingRight / (1 - a.DeclaredFacingRight), against - with);
        (Odds(declared) / Odds(none)).Should().BeApproximately(ratio, ratio * 1e-9);
    }
}
