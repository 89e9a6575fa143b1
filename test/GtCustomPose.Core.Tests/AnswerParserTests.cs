using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Tests;

public class AnswerParserTests
{
    [Theory]
    [InlineData("plain text")]
    [InlineData(@"[{\""name\"": \""a\""}]")]
    [InlineData(@"\\\"" \/ \b\f\n\r\t end\\")]
    [InlineData(@"\""")]
    [InlineData("")]
    public void UnescapeValidated_OneLetterEscapes_EqualsTheReadersCopy(string inside)
    {
        var quoted = System.Text.Encoding.UTF8.GetBytes($"\"{inside}\"");
        var reader = new System.Text.Json.Utf8JsonReader(quoted);
        reader.Read();
        var expected = new byte[quoted.Length];
        var length = reader.CopyString(expected);

        var actual = new byte[quoted.Length];
        JsonText.UnescapeValidated(quoted.AsSpan(1, quoted.Length - 2), actual).Should().Be(length);
        actual.AsSpan(0, length).ToArray().Should().Equal(expected.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void UnescapeValidated_UnicodeEscape_LeavesItToTheFramework()
    {
        JsonText.UnescapeValidated("""a\"b\u00e9"""u8, new byte[16]).Should().Be(-1);
    }

    private static WorkerAnswer Parse(string fixture) => AnswerParser.Parse("w1", Fixtures.Read("answers/" + fixture), Rig.Coco17);

    [Fact]
    public void Parse_CrowdKeypoint_ReadsKeypointsAndImageSize()
    {
        var a = Parse("crowd-keypoint.json");
        a.Format.Should().Be(AnswerFormat.CrowdKeypoint);
        a.ImageSize.Should().Be(new ImageSize(1280, 720));
        a.Instances.Should().ContainSingle().Which.Keypoints.Should().Equal(
            new Keypoint("nose", 310, 122), new Keypoint("left_eye", 318, 115), new Keypoint("right_eye", 302, 116));
        a.Problems.Should().BeEmpty();
    }

    [Fact]
    public void Parse_CrowdKeypointUnderAnyElementName_ReadsIt()
    {
        var a = Parse("crowd-keypoint-custom-name.json");
        a.Format.Should().Be(AnswerFormat.CrowdKeypoint);
        a.Instances.Single().Keypoints.Single().Should().Be(new Keypoint("nose", 10.5, 20.25));
    }

    [Fact]
    public void Parse_Crowd2dSkeletonWithJsonStrings_ReadsSkeletonsAndFormFields()
    {
        var a = Parse("crowd-2d-skeleton.json");
        a.Format.Should().Be(AnswerFormat.Crowd2dSkeleton);
        a.Instances.Select(i => i.Name).Should().Equal("skeleton_1", "skeleton_2");
        a.Instances[0].Keypoints.Should().HaveCount(2);
        a.NoChangesNeeded.Should().BeTrue();
        a.TotalTimeInSeconds.Should().Be(42);
    }

    [Fact]
    public void Parse_OriginalsWithOtherSpacing_WasModifiedIsFalse()
    {
        // The public sample compared JSON text, so different spacing read as a change.
        Parse("crowd-2d-skeleton.json").WasModified.Should().BeFalse();
    }

    [Fact]
    public void Parse_Crowd2dSkeletonAsArrays_ReadsThemAndDetectsTheMove()
    {
        var a = Parse("crowd-2d-skeleton-array.json");
        a.Instances.Single().Name.Should().Be("a");
        a.WasModified.Should().BeTrue();
        a.ImageSize.Should().Be(new ImageSize(1280, 720));
        a.NoChangesNeeded.Should().BeFalse();
    }

    [Fact]
    public void Parse_BadPoints_KeepsGoodOnesAndReportsEachBadOne()
    {
        var a = Parse("bad-points.json");
        a.IsUsable.Should().BeTrue();
        a.Instances.Single().Keypoints.Should().Equal(new Keypoint("nose", 1, 2));
        a.Problems.Should().HaveCount(7);
        a.Problems.Should().Contain(p => p.Contains("'tail' is not in the rig"));
        a.Problems.Should().Contain(p => p.Contains("not a finite number") && p.Contains("left_eye"));
        a.Problems.Should().Contain(p => p.Contains("'x' is missing"));
        a.Problems.Should().Contain(p => p.Contains("placed twice"));
        a.Problems.Should().Contain(p => p.Contains("far outside the 100x100 image"));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1,2]", "expected an object")]
    [InlineData("""{"something": {"else": 1}}""", "neither the crowd-keypoint nor the crowd-2d-skeleton format")]
    [InlineData("""{"updated_annotations": "not json"}""", "updated_annotations is not a list")]
    [InlineData("""{"updated_annotations": 5}""", "updated_annotations is not a list")]
    public void Parse_Unreadable_ReturnsUnreadableWithReason(string content, string reason)
    {
        var a = AnswerParser.Parse("w1", content, Rig.Coco17);
        a.IsUsable.Should().BeFalse();
        a.Problems.Single().Should().Contain(reason);
    }

    [Fact]
    public void Parse_Utf8WithByteOrderMark_ReadsTheAnswer()
    {
        var bytes = System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(Fixtures.Read("answers/crowd-keypoint.json"))).ToArray();
        var a = AnswerParser.Parse("w1", bytes, Rig.Coco17);
        a.IsUsable.Should().BeTrue();
        a.Instances.Single().Keypoints.Should().HaveCount(3);
    }

    [Fact]
    public void Parse_DeeplyNestedJson_IsUnreadableNotAStackOverflow()
    {
        var content = """{"updated_annotations": """ + new string('[', 5000) + new string(']', 5000) + "}";
        AnswerParser.Parse("w1", content, Rig.Coco17).IsUsable.Should().BeFalse();
    }

    [Fact]
    public void Parse_HugeAnswer_IsUnreadableWithTheLimit()
    {
        var content = """{"x": """ + "\"" + new string('a', AnswerParser.MaxAnswerBytes) + "\"}";
        AnswerParser.Parse("w1", content, Rig.Coco17).Problems.Single().Should().Contain("limit");
    }

    [Fact]
    public void Parse_TooManyInstances_ReadsTheLimitAndReports()
    {
        var many = string.Join(",", Enumerable.Range(0, InstanceReader.MaxInstances + 5).Select(i => $$"""{"name": "s{{i}}", "annotations": [{"label": "nose", "x": {{i}}, "y": 1}]}"""));
        var a = AnswerParser.Parse("w1", $$"""{"updated_annotations": [{{many}}]}""", Rig.Coco17);
        a.Instances.Should().HaveCount(InstanceReader.MaxInstances);
        a.Problems.Should().ContainSingle(p => p.Contains($"only the first {InstanceReader.MaxInstances}"));
    }
}

public class SkeletonListFastPathTests
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
        InstanceReader.TryReadSkeletonList(System.Text.Encoding.UTF8.GetBytes(json), Rig.Coco17, bounds);

    [Fact]
    public void TryReadSkeletonList_SimulatedAnswers_ReadsEveryOneAsTheGeneralReaderDoes()
    {
        var sim = new Simulation.WorkerSimulator(Rig.Coco17, new Simulation.SimulationSettings { WorkersPerObject = 5, MaxInstances = 4 }, 3);
        var lists = sim.Generate(100).SelectMany(o => o.Answers)
            .Select(a => System.Text.Json.JsonDocument.Parse(a.Content).RootElement.GetProperty("updated_annotations").GetString()!).ToList();

        foreach (var json in lists)
        {
            var fast = Fast(json);
            fast.Should().NotBeNull(json);
            fast.Should().BeEquivalentTo(General(json), o => o.WithStrictOrdering());
        }
    }

    [Theory]
    [InlineData("""[]""")]
    [InlineData("""[{"annotations": [{"label": "nose", "x": 1.5, "y": 2, "visible": {"a": [1]}}]}, {"name": "b", "annotations": []}]""")]
    [InlineData("""[{"name": "a", "annotations": [{"y": 2, "x": 1, "label": "n\u006fse"}, {"label": "left_ankle", "x": 199, "y": -99}]}]""")]
    public void TryReadSkeletonList_ValidOddities_MatchTheGeneralReader(string json)
    {
        Fast(json, Bounds).Should().NotBeNull().And.BeEquivalentTo(General(json, Bounds), o => o.WithStrictOrdering());
    }

    [Theory]
    [InlineData("""[{"label": "nose", "x": 1, "y": 2}]""")]
    [InlineData("""[{"name": "a", "keypoints": [{"label": "nose", "x": 1, "y": 2}]}]""")]
    [InlineData("""[{"name": "a", "annotations": [{"label": "tail", "x": 1, "y": 2}]}]""")]
    [InlineData("""[{"name": "a", "annotations": [{"label": "nose", "x": "1", "y": 2}]}]""")]
    [InlineData("""[{"name": "a", "annotations": [{"label": "nose", "x": 1}]}]""")]
    [InlineData("""[{"name": "a", "annotations": [{"label": "nose", "x": 1, "y": 2}, {"label": "nose", "x": 3, "y": 4}]}]""")]
    [InlineData("""[{"name": "a", "annotations": [{"label": "nose", "x": 1, "x": 5, "y": 2}]}]""")]
    [InlineData("""[{"name": "a", "annotations": [{"label": "nose", "x": 1e400, "y": 2}]}]""")]
    [InlineData("""[{"name": "a", "annotations": [{"label": "nose", "x": 500, "y": 2}]}]""")]
    [InlineData("""[{"name": " ", "annotations": []}]""")]
    [InlineData("""[{"name": "a", "annotations": []}, 5]""")]
    [InlineData("""[{"name": "a", "annotations": []}] x""")]
    [InlineData("""{"instances": []}""")]
    public void TryReadSkeletonList_AnythingNeedingAProblemLineOrAnotherShape_IsLeftToTheGeneralReader(string json)
    {
        Fast(json, Bounds).Should().BeNull();
        // The same without whitespace, as a browser posts it, goes past the hand scanner first.
        var compact = json.Replace(": ", ":", StringComparison.Ordinal).Replace(", ", ",", StringComparison.Ordinal);
        Scan(compact, Bounds).Should().BeNull(compact);
        Fast(compact, Bounds).Should().BeNull(compact);
    }

    private static List<SkeletonInstance>? Scan(string json, ImageSize? bounds = null) =>
        InstanceReader.TryScanCompactSkeletonList(System.Text.Encoding.UTF8.GetBytes(json), Rig.Coco17, bounds);

    private static List<SkeletonInstance>? GeneralOrNull(string json, ImageSize? bounds = null)
    {
        try { return General(json, bounds); }
        catch (System.Text.Json.JsonException) { return null; }
    }

    [Fact]
    public void TryScanCompactSkeletonList_SimulatedAnswers_ReadsEveryOneAsTheGeneralReaderDoes()
    {
        var sim = new Simulation.WorkerSimulator(Rig.Coco17, new Simulation.SimulationSettings { WorkersPerObject = 5, MaxInstances = 4 }, 4);
        foreach (var answer in sim.Generate(100).SelectMany(o => o.Answers))
        {
            var json = System.Text.Json.JsonDocument.Parse(answer.Content).RootElement.GetProperty("updated_annotations").GetString()!;
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
    public void TryScanCompactSkeletonList_AnyNumber_AcceptedOnlyAsTheGeneralReaderReadsIt(string number)
    {
        var json = $$"""[{"name":"a","annotations":[{"label":"nose","x":{{number}},"y":2}]}]""";
        var general = GeneralOrNull(json);
        var scanned = Scan(json);
        if (scanned is null) return;
        general.Should().NotBeNull("the scanner accepted " + number);
        scanned.Should().BeEquivalentTo(general, o => o.WithStrictOrdering());
        double.IsNegative(scanned[0].Keypoints[0].X).Should().Be(double.IsNegative(general![0].Keypoints[0].X), "the sign of " + number);
    }

    [Fact]
    public void TryScanCompactSkeletonList_RandomDecimals_MatchTheGeneralReader()
    {
        var random = new Random(8);
        for (var i = 0; i < 2000; i++)
        {
            var x = Math.Round((random.NextDouble() - 0.3) * 3000, random.Next(0, 7));
            var text = x.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
            var json = $$"""[{"name":"a","annotations":[{"label":"nose","x":{{text}},"y":{{random.Next(-50, 900)}}}]}]""";
            Scan(json).Should().NotBeNull(json).And.BeEquivalentTo(General(json), o => o.WithStrictOrdering());
        }
    }

    [Fact]
    public void TryScanCompactSkeletonList_MutatedLists_AcceptOnlyWhatTheGeneralReaderReadsTheSame()
    {
        var sim = new Simulation.WorkerSimulator(Rig.Coco17, new Simulation.SimulationSettings { WorkersPerObject = 3, MaxInstances = 2 }, 5);
        var lists = sim.Generate(40).SelectMany(o => o.Answers)
            .Select(a => System.Text.Json.JsonDocument.Parse(a.Content).RootElement.GetProperty("updated_annotations").GetString()!).ToArray();
        string[] tokens = ["-", "0", "01", ".", "e5", "\"", "\\", ",", "]", "}", "{", "[", " ", "\u00e9", "é", "\t", "\"label\":", "\"nose\"", "1e400"];
        var random = new Random(20261122);
        var accepted = 0;
        for (var i = 0; i < 6000; i++)
        {
            var json = Mutator.Mutate(lists[random.Next(lists.Length)], random, tokens, edits: 1 + random.Next(3), longestCut: 4);
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
    public void TryScanCompactSkeletonList_AnyOtherForm_IsLeftToTheReader(string json)
    {
        Scan(json).Should().BeNull();
        // What the reader makes of it is unchanged: the same as the general reader's, or left to it.
        var general = GeneralOrNull(json);
        if (Fast(json) is { } read) read.Should().BeEquivalentTo(general, o => o.WithStrictOrdering());
    }
}

public class LoneSurrogateTests
{
    [Theory]
    [InlineData("""{"updated_annotations": "[{\"name\": \"\\ud800\", \"annotations\": [{\"label\": \"nose\", \"x\": 1, \"y\": 2}]}]"}""")]
    [InlineData("""{"updated_annotations": "[{\"name\": \"a\", \"annotations\": [{\"label\": \"nose\\udc00\", \"x\": 1, \"y\": 2}]}]"}""")]
    [InlineData("""{"updated_annotations": "\ud800[]"}""")]
    [InlineData("""{"updated_annotations": [{"name": "\ud800", "annotations": []}]}""")]
    public void Parse_LoneSurrogateEscapes_NeverThrow(string content)
    {
        var act = () => AnswerParser.Parse("w1", content, Rig.Coco17);
        act.Should().NotThrow();
    }
}
