using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Exports;

/// <summary>Every command that writes an output folder refuses one an earlier run wrote, and --force starts
/// clean.</summary>
public sealed class OutputFolderRuleTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-folders");

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Theory]
    [InlineData("export yolo")]
    [InlineData("manifest split")]
    public async Task Command_OutputFolderOfAnEarlierRun_RefusedThenForceReplacesIt(string command)
    {
        (await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "4", "--out", _dir)).Code.Should().Be(0);
        var stale = PathOf(Path.Combine("folder", command == "export yolo" ? "old.txt" : "val.manifest"));
        string[] args = [.. command.Split(' '), "--manifest", PathOf("output.manifest"), "--out", PathOf("folder")];
        (await Gtpose.RunAsync(args)).Code.Should().Be(0);
        File.WriteAllText(stale, "an earlier run's file");

        var refused = await Gtpose.RunAsync(args);
        var forced = await Gtpose.RunAsync([.. args, "--force"]);

        refused.Code.Should().Be(1);
        Gtpose.SingleErrorLine(refused.Err, command).Should().Contain(stale).And.Contain("--force");
        forced.Code.Should().Be(0, forced.Err);
        forced.Err.Should().Contain("warning: --force: replaced the earlier");
        (File.Exists(stale) ? File.ReadAllText(stale) : "").Should()
            .NotBe("an earlier run's file", "nothing of the earlier run mixes into the new one");
    }

    public void Dispose() => _dir.Dispose();
}
