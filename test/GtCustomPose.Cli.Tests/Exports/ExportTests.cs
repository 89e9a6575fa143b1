using System.Text.Json;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Exports;

public sealed class ExportTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-export");

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private const string Good =
        """{"source-ref": "s3://b/images/a.png", "pose": """ +
        """{"image_size": {"width": 640, "height": 480}, "instances": [{"name": "s", "keypoints": """ +
        """[{"label": "nose", "x": 100, "y": 50, "confidence": 0.9, "votes": 3}, """ +
        """{"label": "left_ankle", "x": 130, "y": 300, "votes": 3}]}], "needs_review": false, "review_reasons": []}}""";
    private const string Flagged =
        """{"source-ref": "s3://b/images/b.png", "pose": """ +
        """{"instances": [{"name": "s", "keypoints": [{"label": "nose", "x": 1, "y": 2}]}], "needs_review": """ +
        """true, "review_reasons": ["low_confidence"]}}""";

    [Fact]
    public async Task ExportCoco_Manifest_WritesKeypointTriplesAndCategories()
    {
        var manifest = Write("out.manifest", Good, Flagged);
        var coco = Path.Combine(_dir, "coco.json");
        var (code, output, _) = await Gtpose.RunAsync(
            "export", "coco", "--manifest", manifest, "--label-attribute", "pose", "--out", coco);
        code.Should().Be(0);
        output.Should().Contain("1 objects needing review left out");
        var doc = JsonDocument.Parse(File.ReadAllText(coco)).RootElement;
        var image = doc.GetProperty("images").EnumerateArray().Single();
        image.GetProperty("file_name").GetString().Should().Be("images/a.png");
        image.GetProperty("width").GetInt32().Should().Be(640);
        var ann = doc.GetProperty("annotations").EnumerateArray().Single();
        var kp = ann.GetProperty("keypoints").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        kp.Should().HaveCount(51);
        kp[..3].Should().Equal(100, 50, 2);
        kp[3..6].Should().Equal(0, 0, 0);
        kp[45..48].Should().Equal(130, 300, 2);
        ann.GetProperty("num_keypoints").GetInt32().Should().Be(2);
        // The keypoint extent (100, 50, 30 x 250) padded by 10% of its longer side, 25 px, on every side.
        ann.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).Should().Equal(75, 25, 80, 300);
        ann.GetProperty("area").GetDouble().Should().Be(24000);
        var category = doc.GetProperty("categories")[0];
        category.GetProperty("keypoints").GetArrayLength().Should().Be(17);
        category.GetProperty("skeleton")[0].EnumerateArray().Select(v => v.GetInt32()).Should().Equal(16, 14);
    }

    [Fact]
    public async Task ExportCoco_IncludeNeedsReview_ExportsFlaggedObjects()
    {
        var manifest = Write("out.manifest", Good, Flagged);
        var coco = Path.Combine(_dir, "coco.json");
        (await Gtpose.RunAsync(
                "export", "coco", "--manifest", manifest, "--label-attribute", "pose", "--out", coco,
                "--include-needs-review"))
            .Code.Should().Be(0);
        JsonDocument.Parse(File.ReadAllText(coco)).RootElement.GetProperty("images").GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task ManifestCheck_BadLines_ReportedByNumberAndExitOne()
    {
        var manifest = Write(
            "aug.manifest",
            Good,
            """{"source-ref": "/local/path.png", "pose": {}}""",
            "not json",
            """{"source-ref": "s3://b/c.png"}""",
            """{"source-ref": "s3://b/d.png", "pose": """ +
            """{"instances": [{"name": "s", "keypoints": [{"label": "tail", "x": 1, "y": 1}]}]}}""");
        var (code, output, _) = await Gtpose.RunAsync(
            "manifest", "check", "--manifest", manifest, "--attribute-names", "source-ref,pose");
        code.Should().Be(1);
        output.Should().Contain("line 2: 'source-ref' is \"/local/path.png\", expected an s3:// URI")
            .And.Contain("line 3: not valid JSON")
            .And.Contain("line 4: attribute 'pose' is missing")
            .And.Contain("line 5:").And.Contain("'tail' is not in the rig");
        output.Should().NotContain("line 1:");
    }

    [Fact]
    public async Task ManifestCheck_GoodManifest_ExitsZero()
    {
        var (code, output, _) = await Gtpose.RunAsync(
            "manifest", "check", "--manifest", Write("ok.manifest", Good, Flagged),
            "--attribute-names", "source-ref,pose");
        code.Should().Be(0);
        output.Should().Contain("ok: 2 lines");
    }

    [Fact]
    public async Task ManifestCreate_LocalFolderWithPrelabels_WritesOneLinePerImage()
    {
        var images = Directory.CreateDirectory(Path.Combine(_dir, "imgs")).FullName;
        File.WriteAllBytes(Path.Combine(images, "a.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10]);
        File.WriteAllBytes(Path.Combine(images, "b.jpg"), [0xFF, 0xD8, 0xFF, 0xE0]);
        File.WriteAllText(Path.Combine(images, "notes.txt"), "x");
        var pre = Write("pre.jsonl", """{"file": "a.png", "annotations": [{"label": "nose", "x": 1, "y": 2}]}""");
        var outFile = Path.Combine(_dir, "in.manifest");
        var (code, _, err) = await Gtpose.RunAsync(
            "manifest", "create", "--images", images, "--s3-prefix", "s3://bucket/imgs/", "--prelabels", pre,
            "--out", outFile);
        code.Should().Be(0, err);
        var lines = File.ReadAllLines(outFile).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        lines.Select(l => l.GetProperty("source-ref").GetString())
            .Should().Equal("s3://bucket/imgs/a.png", "s3://bucket/imgs/b.jpg");
        lines[0].GetProperty("annotations")[0].GetProperty("label").GetString().Should().Be("nose");
        lines[1].TryGetProperty("annotations", out _).Should().BeFalse();
    }

    [Fact]
    public async Task ManifestCreate_S3Prefix_ListsImagesThroughTheS3Api()
    {
        using var moto = new GtCustomPose.Testing.MotoServer();
        await moto.CreateBucketAsync("gtpose-images");
        await moto.PutAsync("gtpose-images", "set/b.jpg", "x");
        await moto.PutAsync("gtpose-images", "set/a.png", "x");
        await moto.PutAsync("gtpose-images", "set/readme.txt", "x");
        await moto.PutAsync("gtpose-images", "other/c.png", "x");
        var outFile = Path.Combine(_dir, "s3.manifest");
        var (code, _, err) = await Gtpose.RunAsync(
            moto.Environment, "manifest", "create", "--images", "s3://gtpose-images/set/", "--out", outFile);
        code.Should().Be(0, err);
        File.ReadAllLines(outFile).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("source-ref").GetString())
            .Should().Equal("s3://gtpose-images/set/a.png", "s3://gtpose-images/set/b.jpg");
    }

    public void Dispose() => _dir.Dispose();
}
