using System.Text.Json;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Interop;

/// <summary>`gtpose consolidate` run as a user would, on simulated annotators' exports.</summary>
public sealed class ConsolidateCommandTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-consolidate");

    private List<SimulatedObject> Objects(int count) => new WorkerSimulator(
        Rig.Coco17, new SimulationSettings { WorkersPerObject = 3, WorkforceSize = 6 }, 9).Generate(count);

    [Fact]
    public async Task Consolidate_CocoFolder_MergedManifestAndReportThatTheOtherCommandsRead()
    {
        var inputs = Path.Combine(_dir, "in");
        ToolExports.WriteCoco(inputs, Objects(20), Rig.Coco17);
        string merged = Path.Combine(_dir, "merged.json"), manifest = Path.Combine(_dir, "output.manifest"),
            report = Path.Combine(_dir, "report.html");

        var (code, output, err) = await Gtpose.RunAsync("consolidate", "--from", "coco", inputs, "--out", merged,
            "--manifest-out", manifest, "--source-prefix", "s3://bucket/data/", "--report", report);

        code.Should().Be(0, err);
        err.Should().BeEmpty();
        output.Should().Contain("20 images, 6 annotators, 60 answers").And.Contain("6 of 6 files used")
            .And.Contain("0 problems");
        var coco = JsonDocument.Parse(File.ReadAllText(merged)).RootElement;
        coco.GetProperty("images").GetArrayLength().Should().Be(20);
        var lines = File.ReadAllLines(manifest);
        lines.Should().HaveCount(20);
        lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("source-ref").GetString()).Should()
            .OnlyContain(s => s!.StartsWith("s3://bucket/data/images/", StringComparison.Ordinal));
        File.ReadAllText(report).Should().Contain("<svg");

        var yolo = Path.Combine(_dir, "yolo");
        var exported = await Gtpose.RunAsync("export", "yolo", "--manifest", manifest, "--label-attribute", "pose",
            "--out", yolo, "--include-needs-review");
        exported.Code.Should().Be(0, exported.Err);
        Directory.GetFiles(yolo, "*.txt", SearchOption.AllDirectories).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Consolidate_RigBuiltFromTheFiles_WrittenBesideTheManifestForTheOtherCommands()
    {
        var rig = new Rig("fish", [new KeypointClass("head", "#111111", 0.05), new KeypointClass("left_fin", "#222222",
            0.05), new KeypointClass("right_fin", "#333333", 0.05)], [new RigEdge("head", "left_fin", "#444444")]);
        var objects = new WorkerSimulator(rig, new SimulationSettings { WorkersPerObject = 3, WorkforceSize = 4 }, 3)
            .Generate(8);
        var inputs = Path.Combine(_dir, "in");
        ToolExports.WriteCoco(inputs, objects, rig);
        var manifest = Path.Combine(_dir, "output.manifest");

        var (code, output, err) = await Gtpose.RunAsync("consolidate", "--from", "coco", inputs, "--out",
            Path.Combine(_dir, "merged.json"), "--manifest-out", manifest);

        code.Should().Be(0, err);
        var rigFile = Path.Combine(_dir, "output.rig.json");
        output.Should().EndWith($"rig: {rigFile}\n");
        err.Should().Contain("built from").And.Contain($"give --rig {rigFile}");
        var exported = await Gtpose.RunAsync("export", "coco", "--manifest", manifest, "--label-attribute", "pose",
            "--out", Path.Combine(_dir, "train.json"), "--include-needs-review", "--rig", rigFile);
        exported.Code.Should().Be(0, exported.Err);
        exported.Out.Should().Contain("8 images");
    }

    [Fact]
    public async Task Consolidate_OneBrokenFileAmongGood_ExitZeroTheFileNamedOnStderr()
    {
        var inputs = Path.Combine(_dir, "in");
        ToolExports.WriteCoco(inputs, Objects(10), Rig.Coco17);
        var broken = Path.Combine(inputs, "zz-broken.json");
        File.WriteAllText(broken, "{\"images\": [{\"id\": 1, \"file_name\": \"x.png\"");

        var (code, output, err) = await Gtpose.RunAsync(
            "consolidate", "--from", "coco", inputs, "--out", Path.Combine(_dir, "merged.json"));

        code.Should().Be(0, err);
        err.Trim().Should().StartWith($"{broken}: not valid COCO JSON").And.EndWith("the whole file is left out");
        err.Should().NotContain("   at ");
        output.Should().Contain("6 of 7 files used").And.Contain("1 problems");
    }

    [Fact]
    public async Task Consolidate_NothingUsable_OneErrorLineExitOne()
    {
        var broken = Path.Combine(_dir, "broken.xml");
        File.WriteAllText(broken, "<annotations><image name=\"a\"");

        var (code, _, err) = await Gtpose.RunAsync(
            "consolidate", "--from", "cvat", broken, "--out", Path.Combine(_dir, "merged.json"));

        code.Should().Be(1);
        Gtpose.SingleErrorLine(err, "consolidate").Should().Contain("none of the 1 files is usable")
            .And.Contain(broken);
    }

    [Fact]
    public async Task Consolidate_UnknownFormat_UsageErrorExitTwo()
    {
        var (code, _, err) = await Gtpose.RunAsync(
            "consolidate", "--from", "labelbox", _dir, "--out", Path.Combine(_dir, "merged.json"));

        code.Should().Be(2);
        Gtpose.SingleErrorLine(err, "consolidate").Should().Contain("labelbox");
    }

    public void Dispose() => _dir.Dispose();
}
