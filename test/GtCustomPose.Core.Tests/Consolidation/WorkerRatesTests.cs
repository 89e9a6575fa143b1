using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using static GtCustomPose.Core.Tests.Fixtures;

namespace GtCustomPose.Core.Tests;

/// <summary>
/// Each worker's mirror, miss and extra-skeleton rates over a job, and what they change in a label: the side vote
/// weighed by them, and a person fewer than half the workers drew kept when the rates make it real.
/// </summary>
public class WorkerRatesTests
{
    private static readonly Rig Coco = Rig.Coco17;

    // The face check is off, so only the vote decides the sides.
    private static readonly ConsolidationOptions NoFace = new() { CheckFacing = false };

    private static WorkerRates Careful => new(0.02, 0.02, 0.02);

    private static WorkerRates Careless => new(0.45, 0.5, 0.02);

    private static ConsolidatedLabel Label(ConsolidationOptions options, params SkeletonInstance[][] answers) =>
        Consolidator.Consolidate(answers.Select((a, i) => Stated.Answer($"w{i}", a)).ToArray(), Coco,
            options: options)!;

    private static double LeftShoulderX(ConsolidatedInstance i) =>
        i.Keypoints.Single(k => k.Label == "left_shoulder").X;

    [Fact]
    public void Consolidate_CarefulWorkerAgainstTwoCarelessMirrors_CarefulWorkerDecidesTheSides()
    {
        var person = Person("p", 300, 200);
        var truth = person.Keypoints.Single(k => k.Label == "left_shoulder").X;
        var rates = new Dictionary<string, WorkerRates> { ["w0"] = Careless, ["w1"] = Careless, ["w2"] = Careful };
        SkeletonInstance[][] answers = [[Mirrored(person)], [Mirrored(person)], [person]];

        LeftShoulderX(Label(NoFace with { WorkerRates = rates }, answers).Instances.Single()).Should()
            .BeApproximately(truth, 1);
        LeftShoulderX(Label(NoFace, answers).Instances.Single()).Should()
            .NotBeApproximately(truth, 10, "one vote each, the two mirrored answers win");
        var even = new Dictionary<string, WorkerRates> { ["w0"] = Careful, ["w1"] = Careful, ["w2"] = Careful };
        LeftShoulderX(Label(NoFace with { WorkerRates = even }, answers).Instances.Single()).Should()
            .NotBeApproximately(truth, 10, "workers alike in their rates vote as one each");
    }

    [Fact]
    public void Consolidate_PersonOnlyACarefulWorkerDrewAndCarelessWorkersMissed_KeepsIt()
    {
        var a = Person("a", 100, 100);
        var b = Person("b", 600, 100);
        var rates = new Dictionary<string, WorkerRates> { ["w0"] = Careful, ["w1"] = Careless, ["w2"] = Careless };
        SkeletonInstance[][] answers = [[a, b], [a], [a]];

        var kept = Label(NoFace with { WorkerRates = rates }, answers);
        kept.Instances.Should().HaveCount(2);
        kept.ReviewReasons.Should().Contain(ReviewReasons.DisputedInstanceCount, "the count is still disputed");
        Label(NoFace, answers).Instances.Should().ContainSingle("one vote each leaves a person one of three drew out");
        var alike = new Dictionary<string, WorkerRates> { ["w0"] = Careful, ["w1"] = Careful, ["w2"] = Careful };
        Label(NoFace with { WorkerRates = alike }, answers).Instances.Should()
            .ContainSingle("two careful workers seldom miss a person together");
    }

    [Fact]
    public void Consolidate_ReliableWorkerDrewAPersonTwice_KeepsOneSkeleton()
    {
        var a = Person("a", 100, 100);
        var rates = new Dictionary<string, WorkerRates> { ["w0"] = Careful, ["w1"] = Careless, ["w2"] = Careless };

        Label(NoFace with { WorkerRates = rates }, [a, Person("again", 100, 100, dx: 3)], [a], [a])
            .Instances.Should().ContainSingle("a second skeleton on a person in the label is a duplicate");
    }

    [Fact]
    public void Consolidate_TwoClicksTooFarApart_TheClickOfTheWorkerLikelierToStrayIsLeftOut()
    {
        var person = Person("p", 300, 200);
        var truth = person.Keypoints.Single(k => k.Label == "left_wrist").X;
        var strayed = Moved(person, k => k.Label == "left_wrist" ? k with { X = k.X + 150 } : k);
        var noWrist = person with { Keypoints = person.Keypoints.Where(k => k.Label != "left_wrist").ToArray() };
        SkeletonInstance[][] answers = [[strayed], [person], [noWrist]];
        WorkerRates Strays(double outlier) => Careful with { Outlier = outlier };
        double Wrist(ConsolidationOptions options) =>
            Label(options, answers).Instances.Single().Keypoints.Single(k => k.Label == "left_wrist").X;

        var firstStrays = new Dictionary<string, WorkerRates>
        {
            ["w0"] = Strays(0.3), ["w1"] = Strays(0.02), ["w2"] = Strays(0.02),
        };
        Wrist(NoFace with { WorkerRates = firstStrays }).Should().BeApproximately(truth, 1);
        var secondStrays = new Dictionary<string, WorkerRates>
        {
            ["w0"] = Strays(0.02), ["w1"] = Strays(0.3), ["w2"] = Strays(0.02),
        };
        Wrist(NoFace with { WorkerRates = secondStrays }).Should().BeApproximately(truth + 150, 1,
            "where the two clicks lie against each other says nothing of whose is stray; the habits do");
        Wrist(NoFace).Should().BeApproximately(truth, 1,
            "between two like workers the skeleton decides: the stray wrist is 150 px off its elbow");
    }

    [Fact]
    public void EstimateBatch_PlantedCarelessWorker_HasTheHighestMirrorAndMissRates()
    {
        var settings = new SimulationSettings { WorkforceSize = 20, CarelessShare = 0.05, CarelessFactor = 10 };
        var batch = new WorkerSimulator(Coco, settings, 11).Generate(400);
        var parsed = batch.Select(o => (IReadOnlyList<WorkerAnswer>)o.Answers
            .Select(a => AnswerParser.Parse(a.WorkerId, a.Content, Coco)).ToList()).ToList();
        // Every 20th worker of the workforce is the careless one; the simulator names workers by their index last.
        var careless = batch.SelectMany(o => o.Answers).Select(a => a.WorkerId)
            .First(id => id.EndsWith("0013", StringComparison.Ordinal));

        var rates = Consolidator.EstimateBatch(parsed, Coco).WorkerRates!;

        rates.MaxBy(p => p.Value.Mirror).Key.Should().Be(careless);
        rates.MaxBy(p => p.Value.Miss).Key.Should().Be(careless);
        rates.MaxBy(p => p.Value.Outlier).Key.Should().Be(careless);
        rates[careless].Mirror.Should().BeGreaterThan(2 * rates.Values.Select(r => r.Mirror).Order()
            .ElementAt(rates.Count / 2));
    }
}
