using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Exports;

/// <summary>
/// Export and manifest commands as a new user meets them: one line naming what is wrong, exit 1 (2 for usage).
/// </summary>
public sealed class CliErrorTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-errors");

    private const string Line =
        """{"source-ref": "s3://b/a.png", "pose-v2": {"image_size": {"width": 64, "height": 64}, "instances": """ +
        """[], "needs_review": false, "review_reasons": []}, "pose-v2-metadata": {"job-name": "j"}}""";

    private string Manifest()
    {
        var path = Path.Combine(_dir, "out.manifest");
        File.WriteAllLines(path, [Line, Line]);
        return path;
    }

    private static void OneLine(string err, params string[] fragments)
    {
        err.Trim().Split('\n').Should().ContainSingle(err);
        err.Should().NotContain("   at ").And.NotContain("Exception").And.NotContain("\\u0027");
        foreach (var f in fragments) err.Should().Contain(f);
    }

    [Theory]
    [InlineData("coco", "--out", "c.json")]
    [InlineData("yolo", "--out", "yolo")]
    public async Task Export_MissingManifest_OneLineNamingTheFileExitOne(
        string format, string outOption, string outName)
    {
        var (code, _, err) = await Gtpose.RunAsync(
            "export", format, "--manifest", "missing.manifest", "--label-attribute", "pose",
            outOption, Path.Combine(_dir, outName));
        code.Should().Be(1);
        OneLine(err, "'missing.manifest' not found");
    }

    [Theory]
    [InlineData("coco", "c.json")]
    [InlineData("yolo", "yolo")]
    public async Task Export_WrongLabelAttribute_NamesTheAttributesTheManifestHas(string format, string outName)
    {
        var (code, _, err) = await Gtpose.RunAsync(
            "export", format, "--manifest", Manifest(), "--label-attribute", "pose",
            "--out", Path.Combine(_dir, outName));
        code.Should().Be(1);
        OneLine(err, "'pose'", "pose-v2, pose-v2-metadata", "--label-attribute");
        File.Exists(Path.Combine(_dir, "c.json")).Should().BeFalse("nothing is written from nothing");
    }

    [Fact]
    public async Task Report_WrongLabelAttribute_NamesTheAttributesTheManifestHas()
    {
        var (code, _, err) = await Gtpose.RunAsync(
            "report", "--manifest", Manifest(), "--label-attribute", "pose", "--out", Path.Combine(_dir, "r.html"));
        code.Should().Be(1);
        OneLine(err, "pose-v2, pose-v2-metadata");
    }

    [Fact]
    public async Task ManifestCreate_FileNotFolder_SaysToGiveTheFolder()
    {
        var file = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(file, "x");
        var (code, _, err) = await Gtpose.RunAsync(
            "manifest", "create", "--images", file, "--s3-prefix", "s3://b/i/",
            "--out", Path.Combine(_dir, "in.manifest"));
        code.Should().Be(2);
        OneLine(err, "notes.txt", "is a file");
    }

    [Fact]
    public async Task ManifestCreate_NamedLikeAnImageButNotOne_LeftOutAndNamed()
    {
        var images = Directory.CreateDirectory(Path.Combine(_dir, "imgs")).FullName;
        File.WriteAllText(Path.Combine(images, "fake.png"), "hello");
        File.WriteAllBytes(Path.Combine(images, "real.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10]);
        var outFile = Path.Combine(_dir, "in.manifest");
        var (code, _, err) = await Gtpose.RunAsync(
            "manifest", "create", "--images", images, "--s3-prefix", "s3://b/i/", "--out", outFile);
        code.Should().Be(0);
        err.Should().Contain("fake.png is named like an image but is not");
        File.ReadAllLines(outFile).Should().ContainSingle().Which.Should().Contain("real.png");
    }

    [Fact]
    public async Task ManifestCreate_NoImages_FailsAndWritesNothing()
    {
        var images = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        File.WriteAllText(Path.Combine(images, "readme.txt"), "x");
        var outFile = Path.Combine(_dir, "in.manifest");
        var (code, _, err) = await Gtpose.RunAsync(
            "manifest", "create", "--images", images, "--s3-prefix", "s3://b/i/", "--out", outFile);
        code.Should().Be(1);
        err.Should().Contain("readme.txt").And.Contain("no images found");
        File.Exists(outFile).Should().BeFalse();
    }

    [Fact]
    public async Task ManifestSplit_FractionsNotSummingToOne_UsageErrorExitTwo()
    {
        var (code, _, err) = await Gtpose.RunAsync(
            "manifest", "split", "--manifest", Manifest(), "--train", "0.7", "--val", "0.2", "--test", "0.2",
            "--out", Path.Combine(_dir, "split"));
        code.Should().Be(2);
        OneLine(err, "must add up to 1");
    }

    [Fact]
    public async Task ExportReview_NoImageStore_SaysWhatToPass()
    {
        var (code, _, err) = await Gtpose.RunAsync(
            "export", "review", "--manifest", Manifest(), "--label-attribute", "pose-v2",
            "--out", Path.Combine(_dir, "r.html"));
        code.Should().Be(2);
        OneLine(err, "needs the images", "--store", "--no-images");
    }

    [Fact]
    public async Task ExportReview_ImagesOrResponsesNotFound_NamesWhatIsMissing()
    {
        var store = Directory.CreateDirectory(Path.Combine(_dir, "store")).FullName;
        var (code, _, err) = await Gtpose.RunAsync(
            "export", "review", "--manifest", Manifest(), "--label-attribute", "pose-v2",
            "--out", Path.Combine(_dir, "r.html"), "--store", store);
        code.Should().Be(1);
        OneLine(err, "2 of 2 images not found", "s3://b/a.png");
        (code, _, err) = await Gtpose.RunAsync(
            "export", "review", "--manifest", Manifest(), "--label-attribute", "pose-v2",
            "--out", Path.Combine(_dir, "r.html"), "--store", store,
            "--worker-responses", "s3://job/annotations/worker-response/iteration-1/");
        code.Should().Be(1);
        OneLine(err, "no worker responses under s3://job/annotations/worker-response/iteration-1/");
    }

    public void Dispose() => _dir.Dispose();
}
