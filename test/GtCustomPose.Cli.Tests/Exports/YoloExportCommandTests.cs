using System.Globalization;
using System.Text.Json;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Exports;

/// <summary>Sample job → manifest split → export yolo, as docs/exports-and-reports.md shows it.</summary>
public sealed class YoloExportCommandTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-yolo-cli");

    [Fact]
    public async Task SplitThenExportYolo_SampleJob_EverySplitListedLabelledAndLinked()
    {
        (await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "20", "--simulate-workers", "3", "--out", _dir))
            .Code.Should().Be(0);
        var manifest = Path.Combine(_dir, "output.manifest");
        var splitDir = Path.Combine(_dir, "split");
        var (code, output, err) = await Gtpose.RunAsync(
            "manifest", "split", "--manifest", manifest, "--train", "0.6", "--val", "0.2", "--test", "0.2",
            "--seed", "5", "--out", splitDir);
        code.Should().Be(0, err);
        output.Should().Contain("train: 12 lines").And.Contain("val: 4 lines").And.Contain("test: 4 lines");
        var again = Path.Combine(_dir, "split-again");
        (await Gtpose.RunAsync(
                "manifest", "split", "--manifest", manifest, "--train", "0.6", "--val", "0.2", "--test", "0.2",
                "--seed", "5", "--out", again))
            .Code.Should().Be(0);
        File.ReadAllText(Path.Combine(again, "val.manifest"))
            .Should().Be(File.ReadAllText(Path.Combine(splitDir, "val.manifest")), "same seed, same split");

        var yolo = Path.Combine(_dir, "yolo");
        var splits = string.Join(
            ",", new[] { "train", "val", "test" }.Select(s => Path.Combine(splitDir, s + ".manifest")));
        (code, output, err) = await Gtpose.RunAsync(
            "export", "yolo", "--manifest", manifest, "--split-manifests", splits, "--label-attribute", "pose",
            "--out", yolo, "--images", Path.Combine(_dir, "store", "gtpose-sample"), "--include-needs-review");
        code.Should().Be(0, err);
        output.Should().Contain("12 train, 4 val, 4 test images");
        var yaml = File.ReadAllLines(Path.Combine(yolo, "data.yaml"));
        yaml.Should().Contain("train: train.txt").And.Contain("val: val.txt").And.Contain("test: test.txt")
            .And.Contain("kpt_shape: [17, 3]");
        foreach (var split in new[] { "train", "val", "test" })
        {
            var sources = JsonSources(Path.Combine(splitDir, split + ".manifest"));
            var listed = File.ReadAllLines(Path.Combine(yolo, split + "-sources.tsv"))
                .Select(l => l.Split('\t'))
                .ToList();
            listed.Select(l => l[0]).Should().BeEquivalentTo(sources, "each split holds exactly its manifest's images");
            foreach (var path in File.ReadAllLines(Path.Combine(yolo, split + ".txt")))
            {
                var image = Path.Combine(yolo, path[2..]);
                File.Exists(image).Should().BeTrue(image + " is linked from --images");
                var label = Path.Combine(yolo, "labels", split, Path.GetFileNameWithoutExtension(image) + ".txt");
                foreach (var row in File.ReadAllLines(label))
                {
                    var values = row.Split(' ');
                    values.Should().HaveCount(5 + 17 * 3);
                    values.Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture))
                        .Should().OnlyContain(v => v >= 0 && v <= 2);
                }
            }
        }
    }

    private static List<string> JsonSources(string manifest) =>
        File.ReadAllLines(manifest)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("source-ref").GetString()!)
            .ToList();

    public void Dispose() => _dir.Dispose();
}
