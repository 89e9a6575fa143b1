using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Tests.Answers;

public class SkeletonListReaderTests
{
    private static readonly ImageSize Bounds = new(100, 100);

    private static List<SkeletonInstance>? General(string json, ImageSize? bounds = null)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var problems = new List<string>();
        var read = InstanceReader.Read(doc.RootElement, Rig.Coco17, "updated_annotations", problems, bounds);
        return problems.Count == 0 ? read : null;
    }

    private static List<SkeletonInstance>? Fast(string json, ImageSize? bounds = null) =>
        SkeletonListReader.TryRead(System.Text.Encoding.UTF8.GetBytes(json), Rig.Coco17, bounds);

    [Fact]
    public void TryRead_SimulatedAnswers_ReadsEveryOneAsTheGeneralReaderDoes()
    {
        var sim = new Simulation.WorkerSimulator(
            Rig.Coco17,
            new Simulation.SimulationSettings { WorkersPerObject = 5, MaxInstances = 4 },
            3);
        var lists = sim.Generate(100).SelectMany(o => o.Answers)
            .Select(a => System.Text.Json.JsonDocument.Parse(a.Content).RootElement
                .GetProperty("updated_annotations").GetString()!)
            .ToList();

        foreach (var json in lists)
        {
            var fast = Fast(json);
            fast.Should().NotBeNull(json);
            fast.Should().BeEquivalentTo(General(json), o => o.WithStrictOrdering());
        }
    }

    [Theory]
    [InlineData("""[]""")]
    [InlineData(
        """[{"annotations": [{"label": "nose", "x": 1.5, "y": 2, "v": {"a": [1]}}]},""" +
        """ {"name": "b", "annotations": []}]""")]
    [InlineData(
        """[{"name": "a", "annotations": [{"y": 2, "x": 1, "label": "n\u006fse"},""" +
        """ {"label": "left_ankle", "x": 199, "y": -99}]}]""")]
    [InlineData("""[{"name": " ", "annotations": []}, {"name": "", "annotations": []}]""")]
    [InlineData("""[{"name":" ","annotations":[]},{"name":"","facing":"back","annotations":[]}]""")]
    public void TryRead_ValidOddities_MatchTheGeneralReader(string json)
    {
        Fast(json, Bounds).Should().NotBeNull().And.BeEquivalentTo(General(json, Bounds), o => o.WithStrictOrdering());
    }

    [Theory]
    [InlineData("""[{"label": "nose", "x": 1, "y": 2}]""")]
    [InlineData("""[{"name": "a", "keypoints": [{"label": "nose", "x": 1, "y": 2}]}]""")]
    [InlineData("""[{"name": "a", "annotations": [{"label": "tail", "x": 1, "y": 2}]}]""")]
    [InlineData("""[{"name": "a", "annotations": [{"label": "nose", "x": "1", "y": 2}]}]""")]
    [InlineData("""[{"name": "a", "annotations": [{"label": "nose", "x": 1}]}]""")]
    [InlineData(
        """[{"name": "a", "annotations": [{"label": "nose", "x": 1, "y": 2},""" +
        """ {"label": "nose", "x": 3, "y": 4}]}]""")]
    [InlineData("""[{"name": "a", "annotations": [{"label": "nose", "x": 1, "x": 5, "y": 2}]}]""")]
    [InlineData("""[{"name": "a", "annotations": [{"label": "nose", "x": 1e400, "y": 2}]}]""")]
    [InlineData("""[{"name": "a", "annotations": [{"label": "nose", "x": 500, "y": 2}]}]""")]
    [InlineData("""[{"name": "a", "annotations": []}, 5]""")]
    [InlineData("""[{"name": "a", "annotations": []}] x""")]
    [InlineData("""{"instances": []}""")]
    public void TryRead_AnythingNeedingAProblemLineOrAnotherShape_IsLeftToTheGeneralReader(string json)
    {
        Fast(json, Bounds).Should().BeNull();
        // The same without whitespace, as a browser posts it, goes past the hand scanner first.
        var compact = json.Replace(": ", ":", StringComparison.Ordinal).Replace(", ", ",", StringComparison.Ordinal);
        Scan(compact, Bounds).Should().BeNull(compact);
        Fast(compact, Bounds).Should().BeNull(compact);
    }

    private static List<SkeletonInstance>? Scan(string json, ImageSize? bounds = null) =>
        SkeletonListReader.TryScanCompact(System.Text.Encoding.UTF8.GetBytes(json), Rig.Coco17, bounds);

    private static List<SkeletonInstance>? GeneralOrNull(string json, ImageSize? bounds = null)
    {
        try { return General(json, bounds); }
        catch (System.Text.Json.JsonException) { return null; }
    }

    [Fact]
    public void TryScanCompact_SimulatedAnswers_ReadsEveryOneAsTheGeneralReaderDoes()
    {
        var sim = new Simulation.WorkerSimulator(
            Rig.Coco17,
            new Simulation.SimulationSettings { WorkersPerObject = 5, MaxInstances = 4 },
            4);
        foreach (var answer in sim.Generate(100).SelectMany(o => o.Answers))
        {
            var json = System.Text.Json.JsonDocument.Parse(answer.Content).RootElement
                .GetProperty("updated_annotations").GetString()!;
            Scan(json).Should().NotBeNull(json).And.BeEquivalentTo(General(json), o => o.WithStrictOrdering());
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("-17")]
    [InlineData("311.5")]
    [InlineData("-0.25")]
    [InlineData("0.1")]
    [InlineData("123456789012345")]
    [InlineData("1234567890123456789")]
    [InlineData("12.000000000000000000001")]
    [InlineData("1e2")]
    [InlineData("1E-2")]
    [InlineData("01")]
    [InlineData("-")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("+1")]
    [InlineData("1.2.3")]
    [InlineData("0x10")]
    [InlineData("NaN")]
    public void TryScanCompact_AnyNumber_AcceptedOnlyAsTheGeneralReaderReadsIt(string number)
    {
        var json = $$"""[{"name":"a","annotations":[{"label":"nose","x":{{number}},"y":2}]}]""";
        var general = GeneralOrNull(json);
        var scanned = Scan(json);
        if (scanned is null) return;
        general.Should().NotBeNull("the scanner accepted " + number);
        scanned.Should().BeEquivalentTo(general, o => o.WithStrictOrdering());
        double.IsNegative(scanned[0].Keypoints[0].X).Should()
            .Be(double.IsNegative(general![0].Keypoints[0].X), "the sign of " + number);
    }

    [Fact]
    public void TryScanCompact_RandomDecimals_MatchTheGeneralReader()
    {
        var random = new Random(8);
        for (var i = 0; i < 2000; i++)
        {
            var x = Math.Round((random.NextDouble() - 0.3) * 3000, random.Next(0, 7));
            var text = x.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
            var json =
                $$"""[{"name":"a","annotations":[{"label":"nose","x":{{text}},"y":{{random.Next(-50, 900)}}}]}]""";
            Scan(json).Should().NotBeNull(json).And.BeEquivalentTo(General(json), o => o.WithStrictOrdering());
        }
    }

    [Fact]
    public void TryScanCompact_MutatedLists_AcceptOnlyWhatTheGeneralReaderReadsTheSame()
    {
        var sim = new Simulation.WorkerSimulator(
            Rig.Coco17,
            new Simulation.SimulationSettings { WorkersPerObject = 3, MaxInstances = 2 },
            5);
        var lists = sim.Generate(40).SelectMany(o => o.Answers)
            .Select(a => System.Text.Json.JsonDocument.Parse(a.Content).RootElement
                .GetProperty("updated_annotations").GetString()!)
            .ToArray();
        string[] tokens =
        [
            "-", "0", "01", ".", "e5", "\"", "\\", ",", "]", "}", "{", "[", " ",
            "\u00e9", "é", "\t", "\"label\":", "\"nose\"", "1e400",
        ];
        var random = new Random(20261122);
        var accepted = 0;
        for (var i = 0; i < 6000; i++)
        {
            var json = Mutator.Mutate(
                lists[random.Next(lists.Length)],
                random,
                tokens,
                edits: 1 + random.Next(3),
                longestCut: 4);
            var image = new ImageSize(1280, 720);
            if (Scan(json, image) is not { } scanned) continue;
            accepted++;
            scanned.Should().BeEquivalentTo(GeneralOrNull(json, image), o => o.WithStrictOrdering(), json);
        }
        // Some mutations keep a valid list (a digit changed, say): those must have been compared above.
        accepted.Should().BeGreaterThan(50);
    }

    [Theory]
    [InlineData("""[{"name":"a","annotations":[{"label":"nose","x":1,"y":2}]} ]""")]
    [InlineData("""[{"name":"a","annotations":[{"label":"nose","x":1,"y":2}]}]""" + " ")]
    [InlineData("""[{"name":"a\u0062","annotations":[]}]""")]
    [InlineData("""[{"name":"café","annotations":[]}]""")]
    [InlineData("""[{"name":"a","annotations":[{"label":"nose","y":2,"x":1}]}]""")]
    [InlineData("""[{"annotations":[],"name":"a"}]""")]
    [InlineData("""[{"name":"a","annotations":[{"label":"nose","x":1,"y":2,"v":2}]}]""")]
    [InlineData("""[{"name":"a","annotations":[{"label":"nose","x":1,"y":2},]}]""")]
    [InlineData("""[{"name":"a","annotations":[]},]""")]
    [InlineData("""[{"name":"a","annotations":[{"label":"nose","x":1,"y":2}]""")]
    [InlineData("""[{"name":"a","annotations":[{"label":"nose","x":1,"y":2""")]
    [InlineData("""[{"name":"a""")]
    [InlineData("""[""")]
    public void TryScanCompact_AnyOtherForm_IsLeftToTheReader(string json)
    {
        Scan(json).Should().BeNull();
        // What the reader makes of it is unchanged: the same as the general reader's, or left to it.
        var general = GeneralOrNull(json);
        if (Fast(json) is { } read) read.Should().BeEquivalentTo(general, o => o.WithStrictOrdering());
    }
}
