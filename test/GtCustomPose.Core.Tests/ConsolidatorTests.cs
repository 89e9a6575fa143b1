using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Tests.Fixtures;

namespace GtCustomPose.Core.Tests;

public class ConsolidatorTests
{
    private static readonly Rig Coco = Rig.Coco17;

    private static ConsolidatedLabel Consolidate(params WorkerAnswer[] answers) => Consolidator.Consolidate(answers, Coco)!;

    private static ConsolidatedKeypoint Point(ConsolidatedInstance i, string label) => i.Keypoints.Single(k => k.Label == label);

    [Fact]
    public void Consolidate_OneWorker_ReturnsTheAnswerAsIs()
    {
        var person = Person("runner", 100, 50) with { Keypoints = Person("runner", 100, 50).Keypoints.Select(k => k with { X = k.X + 0.37 }).ToArray() };
        var label = Consolidate(Answer("w1", person));
        var instance = label.Instances.Single();
        instance.Name.Should().Be("runner");
        instance.Keypoints.Select(k => (k.Label, k.X, k.Y)).Should().Equal(person.Keypoints.Select(k => (k.Label, k.X, k.Y)));
        instance.Agreement.Should().BeNull();
        label.NeedsReview.Should().BeTrue();
        label.ReviewReasons.Should().Equal(ReviewReasons.SingleWorker);
        label.Workers.Single().WorkerId.Should().Be("w1");
    }

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
        var known = new ConsolidationOptions { WorkerNoise = new Dictionary<string, double> { ["careful"] = 0.001, ["hasty1"] = 0.05, ["hasty2"] = 0.05 } };
        var pooled = Consolidator.Consolidate(answers, Coco, options: known)!;
        double Error(ConsolidatedLabel l) => Math.Abs(Point(l.Instances.Single(), "left_hip").X - truth.Keypoints.Single(k => k.Label == "left_hip").X);
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
        var careful = new ConsolidationOptions { WorkerNoise = new Dictionary<string, double> { ["w1"] = 0.001, ["w2"] = 0.001, ["w3"] = 0.001 } };
        var label = Consolidator.Consolidate(answers, Coco, options: careful)!;
        // 0.001 alone would claim an expected OKS near 1; the batch may not make a hard image look easier than it is.
        label.Instances.Single().Confidence!.Value.Should().BeLessThanOrEqualTo(alone + 0.01).And.BeLessThan(0.95);
    }

    [Fact]
    public void Consolidate_TwoWorkersFarApartOnSomeKeypoints_ThoseKeypointsLoseConfidence()
    {
        // Two workers agree to the pixel but for the arms, 60 px apart: their noise says "careful", their spread there does not.
        var p = Person("s", 100, 50);
        string[] arms = ["left_elbow", "right_elbow", "left_wrist", "right_wrist"];
        var label = Consolidate(Answer("w1", p), Answer("w2", Moved(p, k => arms.Contains(k.Label) ? k with { X = k.X + 60 } : k)));
        var keypoints = label.Instances.Single().Keypoints.ToDictionary(k => k.Label);
        keypoints["left_wrist"].Confidence.Should().BeLessThan(0.6);
        keypoints["right_elbow"].Confidence.Should().BeLessThan(0.6);
        keypoints["nose"].Confidence.Should().BeGreaterThan(0.95);
    }

    [Fact]
    public void EstimateWorkerNoise_SimulatedBatch_SeparatesCarefulFromPoorWorkers()
    {
        var sim = new Simulation.WorkerSimulator(Coco, new Simulation.SimulationSettings { WorkersPerObject = 3, WorkforceSize = 12 }, seed: 3);
        var batch = sim.Generate(300);
        var noise = Consolidator.EstimateWorkerNoise(batch.Select(o => (IReadOnlyList<WorkerAnswer>)o.Answers.Select(a => AnswerParser.Parse(a.WorkerId, a.Content, Coco)).ToList()), Coco);
        var skill = batch.SelectMany(o => o.Answers).GroupBy(a => a.WorkerId).ToDictionary(g => g.Key, g => g.First().NoiseRelative);
        noise.Keys.Should().BeEquivalentTo(skill.Keys, "every worker of the workforce labelled more than 5 objects");
        double Mean(double relative) => noise.Where(p => skill[p.Key] == relative).Average(p => p.Value);
        Mean(1.0).Should().BeGreaterThan(4 * Mean(0.2), "simulated poor workers click with 5 times the spread of careful ones");
    }

    [Fact]
    public void EstimateWorkerNoise_WorkerSeenTooRarely_IsLeftOut()
    {
        var p = Person("skeleton_1", 100, 50);
        var objects = Enumerable.Range(0, 4).Select(i => (IReadOnlyList<WorkerAnswer>)[Answer("w1", p), Answer("w2", Moved(p, k => k with { X = k.X + 1 })), Answer("w3", Moved(p, k => k with { X = k.X - 1 }))]).ToList();
        Consolidator.EstimateWorkerNoise(objects, Coco, minObjects: 5).Should().BeEmpty();
        Consolidator.EstimateWorkerNoise(objects, Coco, minObjects: 4).Keys.Should().BeEquivalentTo(["w1", "w2", "w3"]);
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
        var label = Consolidate(Answer("w1", a), Answer("w2", Moved(a, k => k with { X = k.X + 2 })), Answer("w3", Moved(a, k => k with { X = k.X - 2 })));
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
    public void Consolidate_MirroredWorker_IsDetectedCorrectedAndNoted()
    {
        var p = Person("s", 100, 50);
        var label = Consolidate(Answer("w1", p), Answer("w2", p), Answer("w3", Mirrored(Moved(p, k => k with { X = k.X + 1 }))), Answer("w4", p));
        label.Workers.Single(w => w.WorkerId == "w3").LeftRightSwapped.Should().BeTrue();
        label.Workers.Where(w => w.WorkerId != "w3").Should().OnlyContain(w => !w.LeftRightSwapped);
        Point(label.Instances.Single(), "left_wrist").X.Should().BeApproximately(p.Keypoints.Single(k => k.Label == "left_wrist").X, 1);
        label.Notes.Should().Contain(ReviewReasons.SwapCorrected);
    }

    [Fact]
    public void Consolidate_OneSwappedPair_IsCorrected()
    {
        var p = Person("s", 100, 50);
        var swapped = p with { Keypoints = p.Keypoints.Select(k => k.Label switch { "left_wrist" => k with { Label = "right_wrist" }, "right_wrist" => k with { Label = "left_wrist" }, _ => k }).ToArray() };
        var label = Consolidate(Answer("w1", p), Answer("w2", swapped), Answer("w3", p));
        label.Workers.Single(w => w.WorkerId == "w2").LeftRightSwapped.Should().BeTrue();
        Point(label.Instances.Single(), "right_wrist").Votes.Should().Be(3);
        Point(label.Instances.Single(), "right_wrist").X.Should().BeApproximately(p.Keypoints.Single(k => k.Label == "right_wrist").X, 0.5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Consolidate_TwoWorkersDisagreeOnSides_TheFaceSettlesIt(bool mirroredFirst)
    {
        // Both placed the face, so the person faces the camera: only w1's sides fit that, whoever is listed first.
        var p = Person("s", 100, 50);
        WorkerAnswer[] answers = mirroredFirst ? [Answer("w2", Mirrored(p)), Answer("w1", p)] : [Answer("w1", p), Answer("w2", Mirrored(p))];
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
        var noseOnly = Mirrored(p) with { Keypoints = Mirrored(p).Keypoints.Where(k => k.Label is not ("left_eye" or "right_eye")).ToArray() };
        var label = Consolidate(Answer("w1", p), Answer("w2", noseOnly));
        label.ReviewReasons.Should().Contain(ReviewReasons.SidesContradictFace).And.NotContain(ReviewReasons.SwapDisputed);
        label.Workers.Count(w => w.LeftRightSwapped).Should().Be(1);
    }

    [Fact]
    public void Consolidate_TwoWorkersDisagreeOnSidesWithoutTheFacingCheck_NeedsReview()
    {
        var p = Person("s", 100, 50);
        var label = Consolidator.Consolidate([Answer("w1", p), Answer("w2", Mirrored(p))], Coco, options: new ConsolidationOptions { CheckFacing = false })!;
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
        var crossed = p with { Keypoints = p.Keypoints.Select(k => k.Label == $"left_{part}" ? k with { Label = $"right_{part}" } : k.Label == $"right_{part}" ? k with { Label = $"left_{part}" } : k).ToArray() };
        var label = Consolidate(Answer("w1", crossed), Answer("w2", p));
        Point(label.Instances.Single(), $"left_{part}").X.Should().Be(p.Keypoints.Single(k => k.Label == $"left_{part}").X);
        label.Workers.Single(w => w.WorkerId == "w1").LeftRightSwapped.Should().BeTrue();
        label.Workers.Single(w => w.WorkerId == "w2").LeftRightSwapped.Should().BeFalse();
    }

    [Fact]
    public void Consolidate_OutlierClick_IsLeftOutOfTheEstimate()
    {
        var p = Person("s", 100, 50);
        var noseX = p.Keypoints[0].X;
        var wild = Moved(p, k => k.Label == "nose" ? k with { X = k.X + 150 } : k);
        var label = Consolidate(Answer("w1", p), Answer("w2", Moved(p, k => k with { X = k.X + 1 })), Answer("w3", wild), Answer("w4", Moved(p, k => k with { X = k.X - 1 })));
        Point(label.Instances.Single(), "nose").X.Should().BeApproximately(noseX, 1);
        label.Workers.Single(w => w.WorkerId == "w3").Outliers.Should().Be(1);
        label.Notes.Should().Contain(ReviewReasons.OutliersExcluded);
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
        label.Instances.Single(i => i.Name == "t").Keypoints.Should().NotBeEmpty(Serialize(label)).And.OnlyContain(k => k.Votes == 1);
        label.ReviewReasons.Should().Contain(ReviewReasons.DisputedInstanceCount);
    }

    [Fact]
    public void Consolidate_NoisyWorkers_LowConfidenceNeedsReview()
    {
        var p = Person("s", 100, 50);
        var r = new Random(3);
        WorkerAnswer Noisy(string id) => Answer(id, Moved(p, k => k with { X = k.X + r.Next(-40, 41), Y = k.Y + r.Next(-40, 41) }));
        var label = Consolidate(Noisy("w1"), Noisy("w2"), Noisy("w3"));
        label.NeedsReview.Should().BeTrue();
        label.ReviewReasons.Should().Contain(ReviewReasons.LowConfidence);
    }

    [Fact]
    public void Consolidate_UnreadableAndInvalidParts_AreFlaggedAndTheRestConsolidated()
    {
        var p = Person("s", 100, 50);
        var bad = AnswerParser.Parse("w3", """{"updated_annotations": [{"name": "s", "annotations": [{"label": "tail", "x": 1, "y": 1}]}]}""", Coco);
        var label = Consolidate(Answer("w1", p), Answer("w2", p), WorkerAnswer.Unreadable("w4", "the answer at s3://b/k could not be read: AccessDenied"), bad);
        label.Instances.Should().ContainSingle();
        label.ReviewReasons.Should().Contain([ReviewReasons.UnreadableAnswer, ReviewReasons.InvalidPoints]);
        label.Workers.Single(w => w.WorkerId == "w4").Issues.Should().ContainSingle().Which.Should().Contain("AccessDenied");
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
        SkeletonInstance Jitter(SkeletonInstance s) => Moved(s, k => k with { X = k.X + r.Next(-6, 7), Y = k.Y + r.Next(-6, 7) });
        var answers = new[]
        {
            Answer("w1", Jitter(a), Jitter(b)), Answer("w2", Jitter(b), Mirrored(Jitter(a))),
            Answer("w3", Jitter(a)), Answer("w4", Jitter(b), Jitter(a)), Answer("w5", Jitter(a), Jitter(b)),
        };
        var expected = Serialize(Consolidator.Consolidate(answers, Coco)!);
        for (var i = 0; i < 5; i++)
        {
            var shuffled = answers.OrderBy(_ => r.Next()).Select(x => x with { Instances = x.Instances.Reverse().ToArray() }).ToArray();
            Serialize(Consolidator.Consolidate(shuffled, Coco)!).Should().Be(expected);
        }
    }

    [Fact]
    public void Consolidate_AllAnswersTranslated_TranslatesTheResult()
    {
        var a = Person("a", 100, 50);
        var r = new Random(5);
        var answers = Enumerable.Range(0, 4).Select(i => Answer($"w{i}", Moved(a, k => k with { X = k.X + r.Next(-8, 9), Y = k.Y + r.Next(-8, 9) }))).ToArray();
        var moved = answers.Select(x => x with { Instances = x.Instances.Select(s => Moved(s, k => k with { X = k.X + 40, Y = k.Y - 25 })).ToArray() }).ToArray();
        var before = Consolidator.Consolidate(answers, Coco)!.Instances.Single().Keypoints;
        var after = Consolidator.Consolidate(moved, Coco)!.Instances.Single().Keypoints;
        after.Select(k => (k.Label, k.X, k.Y)).Should().Equal(before.Select(k => (k.Label, Math.Round(k.X + 40, 1), Math.Round(k.Y - 25, 1))),
            (x, y) => x.Label == y.Label && Math.Abs(x.Item2 - y.Item2) < 0.11 && Math.Abs(x.Item3 - y.Item3) < 0.11);
    }

    [Fact]
    public void Consolidate_NineWorkersWithOneMirrored_OthersUnflagged()
    {
        var a = Person("a", 300, 50);
        var answers = Enumerable.Range(0, 9).Select(i => Answer($"w{i}", i == 4 ? Mirrored(a) : Moved(a, k => k with { X = k.X + i % 3 - 1 }))).ToArray();
        var label = Consolidator.Consolidate(answers, Coco)!;
        label.Workers.Where(w => w.LeftRightSwapped).Select(w => w.WorkerId).Should().Equal("w4");
        label.NeedsReview.Should().BeFalse();
    }

    private static string Serialize(ConsolidatedLabel label) =>
        System.Text.Json.JsonSerializer.Serialize(label, CoreJsonContext.Default.ConsolidatedLabel);
}

public class GeometryTests
{
    [Fact]
    public void MedianWithout_EveryIndexOfRandomLists_EqualsTheMedianOfTheRest()
    {
        var random = new Random(5);
        for (var n = 1; n <= 12; n++)
        {
            for (var trial = 0; trial < 20; trial++)
            {
                // Few distinct values, so ties are common.
                var values = Enumerable.Range(0, n).Select(_ => (double)random.Next(6)).ToArray();
                var sorted = values.Order().ToArray();
                for (var skip = -1; skip < n; skip++)
                {
                    var rest = sorted.Where((_, i) => i != skip).ToArray();
                    var expected = rest.Length == 0 ? double.NaN : Consolidation.Geometry.Median(rest.ToArray());
                    Consolidation.Geometry.MedianWithout(sorted, skip).Should().Be(expected, $"skipping {skip} of [{string.Join(", ", sorted)}]");
                }
            }
        }
    }

    [Fact]
    public void Median_AnyLengthAndTies_EqualsTheSortedMiddle()
    {
        var random = new Random(11);
        for (var n = 1; n <= 80; n++)
        {
            for (var trial = 0; trial < 25; trial++)
            {
                // Few distinct values in half the trials, so ties and equal pivots are common.
                var values = Enumerable.Range(0, n).Select(_ => trial % 2 == 0 ? random.Next(4) : random.NextDouble() * 100 - 50).ToArray();
                var sorted = values.Order().ToArray();
                var expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
                Consolidation.Geometry.Median(values.ToArray()).Should().Be(expected, $"of [{string.Join(", ", values)}]");
            }
        }
    }
}

public class FacingCheckTests
{
    private static readonly string[] Face = ["nose", "left_eye", "right_eye"];

    private static IReadOnlyList<string> Reasons(ConsolidationOptions? options, params SkeletonInstance[] drawn) =>
        Consolidator.Consolidate(drawn.Select((p, i) => Answer($"w{i}", p)).ToArray(), Rig.Coco17, options: options)!.ReviewReasons;

    private static SkeletonInstance Faceless(SkeletonInstance s) => s with { Keypoints = s.Keypoints.Where(k => !Face.Contains(k.Label)).ToArray() };

    /// <summary>Turned by <paramref name="degrees"/> about (500, 500): a rotation keeps which side is which.</summary>
    private static SkeletonInstance Turned(SkeletonInstance s, double degrees)
    {
        var (sin, cos) = Math.SinCos(degrees * Math.PI / 180);
        return Moved(s, k => k with { X = 500 + (k.X - 500) * cos - (k.Y - 500) * sin, Y = 500 + (k.X - 500) * sin + (k.Y - 500) * cos });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(90)]
    [InlineData(200)]
    public void Consolidate_EveryWorkerLabelsAFrontViewFromTheirOwnSide_FlagsIt(double degrees)
    {
        var person = Turned(Person("p", 300, 200), degrees);
        Reasons(null, Mirrored(person), Mirrored(person), Mirrored(person)).Should().Contain(ReviewReasons.SidesContradictFace);
        Reasons(null, person, person, person).Should().NotContain(ReviewReasons.SidesContradictFace);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(90)]
    [InlineData(200)]
    public void Consolidate_EveryWorkerLabelsABackViewFromTheirOwnSide_FlagsIt(double degrees)
    {
        // Seen from behind (no face), the person's left shoulder is on the image's left; read mirrored it looks like a front view.
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
        Reasons(null, Faceless(frontReading), Faceless(frontReading), frontReading).Should().Contain(ReviewReasons.SidesContradictFace);
        // 6 of 9, each placed by two of three: the face shows, and a front reading agrees with it.
        Reasons(null, Faceless(frontReading), frontReading, frontReading).Should().NotContain(ReviewReasons.SidesContradictFace);
    }

    [Fact]
    public void Consolidate_NoFaceNoHipsNoKnees_SaysNothing()
    {
        // Without a face only the hips or knees tell which way is up along the body: a nose that half the workers guessed does not.
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
        Reasons(null, back, back, Faceless(back), Faceless(back)).Should().NotContain(ReviewReasons.SidesContradictFace);
        Reasons(null, back, back, back, back).Should().Contain(ReviewReasons.SidesContradictFace);
    }

    [Fact]
    public void Consolidate_SixOfSixMirrorAFrontView_FiveFacesStillCatchIt()
    {
        // A crowd that misread the instructions mirrors together: a unanimous vote must not outweigh five faces of six.
        var mirrored = Mirrored(Person("p", 300, 200));
        Reasons(null, mirrored, mirrored, mirrored, mirrored, mirrored, Faceless(mirrored)).Should().Contain(ReviewReasons.SidesContradictFace);
    }

    [Fact]
    public void Consolidate_TwoOfThreeMirrorAFrontView_FlagsIt()
    {
        // The face shows, so the person faces the camera; two workers of three drew the sides from their own view.
        var person = Person("p", 300, 200);
        Reasons(null, Mirrored(person), Mirrored(person), person).Should().Contain(ReviewReasons.SidesContradictFace);
        Reasons(null, person, person, Mirrored(person)).Should().NotContain(ReviewReasons.SidesContradictFace);
    }

    [Fact]
    public void Consolidate_ThreeToTwoMirrorVote_MajorityDecidesAndTheFaceChecksIt()
    {
        var person = Person("p", 300, 200);
        // Three of five read it right: a strict majority settles the sides, and the face agrees.
        Reasons(null, person, person, person, Mirrored(person), Mirrored(person)).Should()
            .NotContain([ReviewReasons.SwapDisputed, ReviewReasons.SidesContradictFace]);
        // Three of five mirrored it: the majority still decides, and the face it contradicts sends it to review.
        Reasons(null, Mirrored(person), Mirrored(person), Mirrored(person), person, person).Should()
            .Contain(ReviewReasons.SidesContradictFace).And.NotContain(ReviewReasons.SwapDisputed);
    }

    [Fact]
    public void Consolidate_TwoOfThreeMirrorABackView_FlagsIt()
    {
        // No face: the person faces away, so the left shoulder is on the image's left; two workers of three drew it as a front view.
        var back = Faceless(Mirrored(Person("p", 300, 200)));
        var mirrored = Faceless(Person("p", 300, 200));
        Reasons(null, mirrored, mirrored, back).Should().Contain(ReviewReasons.SidesContradictFace);
        Reasons(null, back, back, mirrored).Should().NotContain(ReviewReasons.SidesContradictFace);
    }

    [Theory]
    [InlineData("left_shoulder", "right_hip")]
    [InlineData("left_hip", "right_hip")]
    [InlineData("right_shoulder", "left_knee")]
    public void Consolidate_SomeTorsoLandmarksHidden_StillReadsTheSides(string hidden, string alsoHidden)
    {
        var person = Person("p", 300, 200);
        var partial = Mirrored(person with { Keypoints = person.Keypoints.Where(k => k.Label != hidden && k.Label != alsoHidden).ToArray() });
        Reasons(null, partial, partial, partial).Should().Contain(ReviewReasons.SidesContradictFace);
        Reasons(null, Mirrored(partial), Mirrored(partial), Mirrored(partial)).Should().NotContain(ReviewReasons.SidesContradictFace);
    }

    [Fact]
    public void Consolidate_LowerSidesWrongThreshold_FlagsWeakerEvidence()
    {
        // One worker in three guessed the face of a person seen from behind: weak evidence of a face, flagged only by a strict setting.
        var back = Faceless(Mirrored(Person("p", 300, 200)));
        var guessed = Mirrored(Person("p", 300, 200));
        Reasons(null, back, back, guessed).Should().NotContain(ReviewReasons.SidesContradictFace);
        Reasons(new ConsolidationOptions { SidesWrongThreshold = 1e-8 }, back, back, guessed).Should().Contain(ReviewReasons.SidesContradictFace);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(9)]
    public void FacingAssumptions_PlacementCounts_AreDistributions(int members)
    {
        var a = new FacingAssumptions();
        Enumerable.Range(0, members + 1).Sum(c => a.PlacedIfFacing(c, members)).Should().BeApproximately(1, 1e-12);
        Enumerable.Range(0, members + 1).Sum(c => a.PlacedIfAway(c, members)).Should().BeApproximately(1, 1e-12);
        // Every worker placing the face is far likelier for a person facing the camera; nobody placing it, for one facing away.
        a.PlacedIfFacing(members, members).Should().BeGreaterThan(a.PlacedIfAway(members, members));
        a.PlacedIfFacing(0, members).Should().BeLessThan(a.PlacedIfAway(0, members));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void FacingAssumptions_RateNotStrictlyBetween0And1_IsRefused(double rate)
    {
        var act = () => new FacingAssumptions() with { HiddenPlaced = rate };
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("HiddenPlaced");
        ((Func<FacingAssumptions>)(() => new FacingAssumptions { MirrorRate = rate })).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(0.1, 0.06)]
    [InlineData(0.6, 0.12)]
    public void EstimateBatch_CrowdThatGuessesHiddenFaces_RecoversItsRates(double guessRate, double hiddenTolerance)
    {
        // Rates away from the defaults: a quarter of the keypoints hidden, 12% of visible ones left out.
        var settings = new Simulation.SimulationSettings { WorkersPerObject = 3, GuessOccluded = guessRate, Occluded = 0.25, MissKeypoint = 0.12 };
        var batch = new Simulation.WorkerSimulator(Rig.Coco17, settings, seed: 4).Generate(400);
        var facing = Consolidator.EstimateBatch(batch.Select(o => (IReadOnlyList<WorkerAnswer>)o.Answers.Select(a => AnswerParser.Parse(a.WorkerId, a.Content, Rig.Coco17)).ToList()), Rig.Coco17).Facing;
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
        var objects = Enumerable.Range(0, 5).Select(_ => (IReadOnlyList<WorkerAnswer>)[Answer("w1", p), Answer("w2", p), Answer("w3", p)]);
        Consolidator.EstimateBatch(objects, Rig.Coco17).Facing.Should().Be(FacingAssumptions.Default);
    }

    [Fact]
    public void Consolidate_FacingCheckOff_DoesNotFlag()
    {
        var mirrored = Mirrored(Person("p", 300, 200));
        Reasons(new ConsolidationOptions { CheckFacing = false }, mirrored, mirrored, mirrored).Should().NotContain(ReviewReasons.SidesContradictFace);
    }
}
