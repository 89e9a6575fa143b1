using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Jobs;

/// <summary>An output folder that holds an earlier job is refused unless --force, which replaces that job.</summary>
public sealed class RunJobOutputFolderTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-force");

    private string WorkerResponses => Path.Combine(_dir, "store", "gtpose-local", "gtpose-local-job", "annotations",
        "worker-response", "iteration-1");

    [Fact]
    public async Task RunJob_OutputFolderHoldsAnEarlierJob_RefusesWithoutForce()
    {
        (await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "3", "--out", _dir)).Code.Should().Be(0);
        var before = File.ReadAllText(Path.Combine(_dir, "output.manifest"));

        var (code, output, err) = await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "2", "--out", _dir);

        code.Should().Be(1);
        output.Should().BeEmpty();
        var line = Gtpose.SingleErrorLine(err, "run-job");
        line.Should().Contain(Path.Combine(_dir, "output.manifest")).And.Contain("tasks/")
            .And.Contain("s3://gtpose-local/gtpose-local-job/ in the store").And.Contain("--force");
        File.ReadAllText(Path.Combine(_dir, "output.manifest")).Should().Be(before, "a refused job changes nothing");
    }

    [Fact]
    public async Task RunJob_Force_ReplacesTheEarlierTaskPagesAndWorkerResponses()
    {
        (await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "12", "--out", _dir)).Code.Should().Be(0);
        Directory.GetFiles(Path.Combine(_dir, "tasks")).Should().HaveCount(12);
        Directory.GetDirectories(WorkerResponses).Should().HaveCount(12);

        var (code, _, err) = await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "2", "--out", _dir,
            "--force");

        code.Should().Be(0, err);
        err.Should().Contain("warning: --force: replaced the earlier job");
        Directory.GetFiles(Path.Combine(_dir, "tasks")).Should().HaveCount(2,
            "no old task page mixes into the new job");
        Directory.GetDirectories(WorkerResponses).Select(Path.GetFileName).Should().BeEquivalentTo(["0", "1"]);
        File.ReadAllLines(Path.Combine(_dir, "output.manifest")).Should().HaveCount(2);
    }

    [Fact]
    public async Task RunJob_FolderWithOnlyInputs_IsNotAnEarlierJob()
    {
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "my own file");
        var (code, _, err) = await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "1", "--out", _dir);
        code.Should().Be(0, err);
        File.Exists(Path.Combine(_dir, "notes.txt")).Should().BeTrue();
    }

    public void Dispose() => _dir.Dispose();
}
