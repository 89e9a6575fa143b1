using System.Text.Json;
using GtCustomPose.Core.Exports;
using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Tests.Exports.ExportManifests;

namespace GtCustomPose.Core.Tests.Exports;

/// <summary>
/// COCO keypoints (cocodataset.org/#format-data): triples, v semantics, num_keypoints, bbox, streaming frame.
/// </summary>
public sealed class CocoExporterTests
{
    private static (JsonElement Doc, ExportResult Result, ProblemLog Problems) Export(
        bool includeReview,
        params string[] lines)
    {
        var problems = new ProblemLog();
        using var output = new MemoryStream();
        var result = CocoExporter.Export(
            new LabelReader(Manifest(lines), "pose", problems),
            Rig.Coco17,
            includeReview,
            output);
        return (JsonDocument.Parse(output.ToArray()).RootElement.Clone(), result, problems);
    }

    [Fact]
    public void Export_Visibility_TwoForVisibleOneForOccludedZeroUnplaced()
    {
        var (doc, _, _) = Export(false, Line("s3://b/a.png", Label(false, new ImageSize(640, 480),
            Person("p", Point("nose", 100, 50, true), Point("right_eye", 90, 45, false), Point("left_ear", 95, 40)))));
        var ann = doc.GetProperty("annotations").EnumerateArray().Single();
        var kp = ann.GetProperty("keypoints").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        kp.Should().HaveCount(17 * 3);
        kp[0..3].Should().Equal(100, 50, 2);
        kp[3..6].Should().Equal(0, 0, 0);
        kp[6..9].Should().Equal(90, 45, 1);
        kp[9..12].Should().Equal(95, 40, 2);
        ann.GetProperty("num_keypoints").GetInt32().Should().Be(3);
    }

    [Fact]
    public void Export_Box_KeypointExtentPaddedByTenPercentOfItsLongerSide()
    {
        var (doc, _, _) = Export(false, Line("s3://b/a.png", Label(false, new ImageSize(640, 480),
            Person("p", Point("nose", 100, 50), Point("left_ankle", 130, 300)))));
        var ann = doc.GetProperty("annotations")[0];
        ann.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).Should().Equal(75, 25, 80, 300);
        ann.GetProperty("area").GetDouble().Should().Be(24000);
    }

    [Fact]
    public void Export_ManyLines_ImagesAndAnnotationsNumberedInOrderOneDocument()
    {
        var lines = Enumerable.Range(0, 500)
            .Select(i => Line($"s3://b/{i}.png", Label(i % 5 == 0, new ImageSize(64, 64),
                Person("a", Point("nose", 10, 10)), Person("b", Point("nose", 30, 30)))))
            .ToArray();
        var (doc, result, _) = Export(false, lines);
        result.Should().Be(new ExportResult(400, 800, 100));
        doc.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("id").GetInt32())
            .Should().Equal(Enumerable.Range(1, 400));
        var annotations = doc.GetProperty("annotations").EnumerateArray().ToList();
        annotations.Select(a => a.GetProperty("id").GetInt32()).Should().Equal(Enumerable.Range(1, 800));
        annotations[799].GetProperty("image_id").GetInt32().Should().Be(400);
        doc.GetProperty("categories")[0].GetProperty("keypoints").GetArrayLength().Should().Be(17);
    }

    [Fact]
    public void Export_WrongAttribute_ReaderNamesTheAttributesTheManifestHas()
    {
        var problems = new ProblemLog();
        var reader = new LabelReader(
            Manifest(Line("s3://b/a.png", Label(false, null), attribute: "pose-v2")),
            "pose",
            problems);
        using var output = new MemoryStream();
        CocoExporter.Export(reader, Rig.Coco17, false, output).Images.Should().Be(0);
        reader.AttributeAbsent.Should().BeTrue();
        reader.AttributeAbsentMessage().Should().Contain("'pose'").And.Contain("pose-v2, pose-v2-metadata");
    }

    [Fact]
    public void Export_BadLinesAndUnknownKeypoint_EachNamedByLineOthersExported()
    {
        var (doc, result, problems) = Export(false, "not json", "[1]",
            Line(
                "s3://b/a.png",
                Label(false, new ImageSize(10, 10), Person("p", Point("tail", 1, 1), Point("nose", 2, 2)))));
        result.Images.Should().Be(1);
        problems.First.Should().HaveCount(3);
        problems.First[0].Should().StartWith("line 1: not valid JSON");
        problems.First[1].Should().StartWith("line 2:");
        problems.First[2].Should().Be("line 3: instance 'p': keypoint 'tail' is not in rig 'coco-person-17'; left out");
        doc.GetProperty("annotations")[0].GetProperty("num_keypoints").GetInt32().Should().Be(1);
    }
}
