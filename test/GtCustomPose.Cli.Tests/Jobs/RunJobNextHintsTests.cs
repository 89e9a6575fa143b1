using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Jobs;

/// <summary>
/// The "Next:" commands of a custom-rig job carry its --rig, so following them exports the job's keypoints; an export
/// with another rig than the labels record is an error naming both rigs and the fix.
/// </summary>
public sealed class RunJobNextHintsTests : IDisposable
{
    private const string HandRig = """
        {"name": "hand-5", "keypoints": ["wrist", "thumb_tip", "index_tip", "middle_tip", "little_tip"],
         "edges": [["wrist", "thumb_tip"], ["wrist", "index_tip"], ["wrist", "middle_tip"], ["wrist", "little_tip"]]}
        """;

    private readonly TempFolder _dir = new("gtpose-hints");

    private string Rig => Path.Combine(_dir, "hand.json");

    private async Task<string[]> RunHandJobAsync()
    {
        File.WriteAllText(Rig, HandRig);
        var (code, output, err) = await Gtpose.RunAsync(
            "run-job", "--sample", "--sample-size", "3", "--rig", Rig, "--review-min-agreement", "0.5",
            "--audit-mode", "--out", _dir);
        code.Should().Be(0, err);
        return output[output.IndexOf("Next:", StringComparison.Ordinal)..].Split('\n',
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1..];
    }

    [Fact]
    public async Task RunJob_CustomRig_EveryNextCommandCarriesTheRig()
    {
        var next = await RunHandJobAsync();

        next.Should().HaveCount(3).And.OnlyContain(line => line.Contains($"--rig {Rig}"));
        next[2].Should().StartWith("gtpose workflow reconsolidate").And.Contain("--review-min-agreement 0.5")
            .And.Contain("--audit-mode");
    }

    [Fact]
    public async Task RunJob_CustomRig_FollowingTheCocoHintExportsTheJobsKeypoints()
    {
        var next = await RunHandJobAsync();
        var coco = next.Single(l => l.StartsWith("gtpose export coco", StringComparison.Ordinal));

        var (code, _, err) = await Gtpose.RunAsync(coco.Split(' ')[1..]);

        code.Should().Be(0, err);
        File.ReadAllText(Path.Combine(_dir, "coco.json")).Should().Contain("thumb_tip").And.NotContain("left_eye");
    }

    [Theory]
    [InlineData("coco", "coco.json")]
    [InlineData("yolo", "yolo")]
    public async Task Export_LabelsOfAnotherRig_ErrorNamingBothRigsAndTheFix(string format, string output)
    {
        await RunHandJobAsync();

        var (code, _, err) = await Gtpose.RunAsync(
            "export", format, "--manifest", Path.Combine(_dir, "output.manifest"), "--out", Path.Combine(_dir, output));

        code.Should().Be(1);
        Gtpose.SingleErrorLine(err, $"export {format}").Should().Contain("line 1").And.Contain("'hand-5'")
            .And.Contain("'coco-person-17'").And.Contain("--rig FILE");
        File.Exists(Path.Combine(_dir, "coco.json")).Should().BeFalse("no half-written dataset is left");
    }

    public void Dispose() => _dir.Dispose();
}
