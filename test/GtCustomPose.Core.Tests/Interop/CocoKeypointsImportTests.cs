using System.Text.Json;
using GtCustomPose.Core.Interop;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Testing;

namespace GtCustomPose.Core.Tests.Interop;

public class CocoKeypointsImportTests
{
    private static readonly string[] Cvat =
        [ImportHarness.Fixture("cvat-coco-annotator-a.json"), ImportHarness.Fixture("cvat-coco-annotator-b.json")];

    [Fact]
    public async Task Consolidate_CvatCocoKeypointsLayout_MergedFollowsTheLayout()
    {
        using var h = new ImportHarness();
        var (_, result, merged, rig) = await h.RunAsync(ImportFormat.Coco, Cvat);

        var category = merged.GetProperty("categories").EnumerateArray().Should().ContainSingle().Subject;
        category.GetProperty("id").GetInt64().Should().Be(3, "the input's category id is kept");
        category.GetProperty("name").GetString().Should().Be("person");
        category.GetProperty("keypoints").EnumerateArray().Select(k => k.GetString()).Should()
            .Equal("head", "left_hand", "right_hand", "left_foot", "right_foot");
        category.GetProperty("skeleton").EnumerateArray()
            .Select(p => (p[0].GetInt32(), p[1].GetInt32())).Should().Equal((1, 2), (1, 3), (1, 4), (1, 5));
        rig.Count.Should().Be(5);
        h.Warnings.Should().ContainSingle().Which.Should().Contain("built from");

        var images = merged.GetProperty("images").EnumerateArray().ToList();
        images.Select(i => i.GetProperty("file_name").GetString()).Should().Equal("frames/a.jpg", "frames/b.jpg");
        foreach (var i in images)
        {
            (i.GetProperty("width").GetInt32(), i.GetProperty("height").GetInt32()).Should().Be((640, 480));
            i.GetProperty("annotators").GetInt32().Should().Be(2);
            i.GetProperty("needs_review").ValueKind.Should().BeOneOf(JsonValueKind.True, JsonValueKind.False);
            i.GetProperty("review_reasons").ValueKind.Should().Be(JsonValueKind.Array);
            i.GetProperty("p_wrong").GetDouble().Should().BeInRange(0, 1);
        }
        var annotations = merged.GetProperty("annotations").EnumerateArray().ToList();
        annotations.Should().HaveCount(2);
        result.People.Should().Be(2);
        foreach (var a in annotations)
        {
            a.GetProperty("category_id").GetInt64().Should().Be(3);
            a.GetProperty("iscrowd").GetInt32().Should().Be(0);
            var kp = a.GetProperty("keypoints").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            kp.Should().HaveCount(15);
            var v = Enumerable.Range(0, 5).Select(k => kp[3 * k + 2]).ToArray();
            v.Should().OnlyContain(x => x == 0 || x == 1 || x == 2);
            a.GetProperty("num_keypoints").GetInt32().Should().Be(v.Count(x => x != 0));
            var placed = Enumerable.Range(0, 5).Where(k => v[k] != 0).ToList();
            double left = placed.Min(k => kp[3 * k]), right = placed.Max(k => kp[3 * k]);
            double top = placed.Min(k => kp[3 * k + 1]), bottom = placed.Max(k => kp[3 * k + 1]);
            var box = a.GetProperty("bbox").EnumerateArray().Select(b => b.GetDouble()).ToArray();
            box.Should().BeEquivalentTo(
                new[] { left, top, right - left, bottom - top }, "bbox is the placed points' box");
            a.GetProperty("area").GetDouble().Should().BeApproximately(box[2] * box[3], 0.01);
            a.GetProperty("keypoint_confidence").GetArrayLength().Should().Be(5);
        }
        var first = annotations.Single(a => a.GetProperty("image_id").GetInt32() == 1);
        var points = first.GetProperty("keypoints").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        points[12..15].Should().Equal([0, 0, 0], "right_foot is outside in both files: absent, at 0, 0");
        points[8].Should().Be(1, "right_hand is occluded in both files");
        points[0].Should().BeInRange(250, 252);
    }

    [Fact]
    public async Task Consolidate_SameFileTwice_SecondRefusedNotCountedTwice()
    {
        using var h = new ImportHarness();
        var copy = h.File("copy.json", File.ReadAllText(Cvat[0]));
        var (session, result, _, _) = await h.RunAsync(ImportFormat.Coco, [Cvat[0], Cvat[1], copy]);

        session.Problems.First.Should().ContainSingle(p => p.StartsWith(copy, StringComparison.Ordinal)
            && p.Contains("same content", StringComparison.Ordinal));
        result.Answers.Should().Be(4);
        result.Annotators.Should().Be(2);
    }

    [Fact]
    public async Task Consolidate_ImageInOneFileOnly_FlaggedSingleWorkerAndCounted()
    {
        using var h = new ImportHarness();
        var only = h.File("c.json", File.ReadAllText(Cvat[0]).Replace("frames/b.jpg", "frames/c.jpg",
            StringComparison.Ordinal).Replace("\"annotations\": [", "\"annotator\": \"carol\", \"annotations\": [",
            StringComparison.Ordinal));
        var (session, result, merged, _) = await h.RunAsync(ImportFormat.Coco, [Cvat[0], Cvat[1], only]);

        session.Annotators.Should().Contain("carol");
        result.Images.Should().Be(3);
        result.SingleAnnotator.Should().Be(1);
        var c = merged.GetProperty("images").EnumerateArray()
            .Single(i => i.GetProperty("file_name").GetString() == "frames/c.jpg");
        c.GetProperty("needs_review").GetBoolean().Should().BeTrue();
        c.GetProperty("review_reasons").EnumerateArray().Select(r => r.GetString()).Should().Contain("single_worker");
    }

    [Fact]
    public async Task Consolidate_AnnotationOfUnknownImage_ReportedWithFileAndId()
    {
        using var h = new ImportHarness();
        var bad = h.File("a.json", File.ReadAllText(Cvat[0]).Replace("\"image_id\": 2", "\"image_id\": 42",
            StringComparison.Ordinal));
        var (session, result, _, _) = await h.RunAsync(ImportFormat.Coco, [bad, Cvat[1]]);

        session.Problems.First.Should().ContainSingle().Which.Should()
            .Be($"{bad}: annotation 2: image_id 42 is not in the file's images; left out");
        result.Answers.Should().Be(4, "the image it names is still answered, without that person");
    }

    [Fact]
    public async Task Consolidate_TruncatedFile_LeftOutWithOneLineTheRestUsed()
    {
        using var h = new ImportHarness();
        var text = File.ReadAllText(Cvat[1]);
        var cut = h.File("cut.json", text[..(text.Length / 2)]);
        var (session, result, _, _) = await h.RunAsync(ImportFormat.Coco, [Cvat[0], cut]);

        session.Problems.First.Should().ContainSingle().Which.Should().StartWith($"{cut}: not valid COCO JSON")
            .And.EndWith("the whole file is left out");
        result.SingleAnnotator.Should().Be(2);
    }

    [Fact]
    public async Task Consolidate_DisagreeingKeypointNames_FileLeftOutNamingTheNames()
    {
        using var h = new ImportHarness();
        var other = h.File("b.json", File.ReadAllText(Cvat[1]).Replace("\"left_foot\"", "\"left_paw\"",
            StringComparison.Ordinal));
        var (session, result, _, _) = await h.RunAsync(ImportFormat.Coco, [Cvat[0], other]);

        session.Problems.First.Should().ContainSingle().Which.Should().Contain(other)
            .And.Contain("disagree").And.Contain("left_paw").And.Contain("missing: left_foot");
        result.Answers.Should().Be(2);
    }

    [Fact]
    public async Task Consolidate_NoUsableFile_ThrowsNamingTheFirstProblem()
    {
        using var h = new ImportHarness();
        var broken = h.File("broken.json", "{\"images\": [");
        var act = () => h.RunAsync(ImportFormat.Coco, [broken]);

        (await act.Should().ThrowAsync<DataObjectException>()).Which.Message.Should()
            .Contain("none of the 1 files is usable").And.Contain(broken);
    }

    [Fact]
    public async Task Consolidate_Coco17Names_BuiltInRigWithoutWarning()
    {
        using var h = new ImportHarness();
        var objects = new WorkerSimulator(Rig.Coco17,
            new SimulationSettings { WorkersPerObject = 3, WorkforceSize = 4 }, 5).Generate(12);
        var files = ToolExports.WriteCoco(h.Folder, objects, Rig.Coco17);
        var (_, result, _, rig) = await h.RunAsync(ImportFormat.Coco, files);

        rig.Should().BeSameAs(Rig.Coco17);
        h.Warnings.Should().BeEmpty();
        result.Answers.Should().Be(36);
        result.Images.Should().Be(12);
    }
}
