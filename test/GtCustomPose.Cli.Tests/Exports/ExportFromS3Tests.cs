using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Exports;

/// <summary>The exports read an output manifest from an s3:// URI (moto_server) exactly as from a local file.</summary>
public sealed class ExportFromS3Tests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-export-s3");

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static Dictionary<string, string> Files(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllText);

    [Fact]
    public async Task ExportCocoAndYolo_ManifestOnS3_SameOutputAsFromTheLocalFile()
    {
        (await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "12", "--simulate-workers", "3",
            "--out", PathOf("job"))).Code.Should().Be(0);
        var local = PathOf("job/output.manifest");
        using var moto = new MotoServer();
        await moto.CreateBucketAsync("labels");
        await moto.PutAsync("labels", "jobs/output.manifest", await File.ReadAllTextAsync(local));
        const string Remote = "s3://labels/jobs/output.manifest";

        foreach (var (manifest, name) in new[] { (local, "local"), (Remote, "s3") })
        {
            var coco = await Gtpose.RunAsync(moto.Environment, "export", "coco", "--manifest", manifest,
                "--label-attribute", "pose", "--out", PathOf($"{name}.json"));
            coco.Code.Should().Be(0, coco.Err);
            var yolo = await Gtpose.RunAsync(moto.Environment, "export", "yolo", "--manifest", manifest,
                "--label-attribute", "pose", "--out", PathOf($"{name}-yolo"));
            yolo.Code.Should().Be(0, yolo.Err);
        }

        File.ReadAllText(PathOf("s3.json")).Should().Be(File.ReadAllText(PathOf("local.json")));
        var fromS3 = Files(PathOf("s3-yolo/labels"));
        fromS3.Should().NotBeEmpty();
        fromS3.Should().BeEquivalentTo(Files(PathOf("local-yolo/labels")));
    }

    public void Dispose() => _dir.Dispose();
}
