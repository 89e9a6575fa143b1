using System.Text.Json;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Workflow;

/// <summary>A second workflow run into a used --out is refused (its answers would mix into the first's), --force starts
/// clean, and a usage error writes nothing.</summary>
public sealed class WorkflowRunOutputFolderTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-workflow-out");

    private string[] Run(params string[] more) =>
        ["workflow", "run", "--sample", "--sample-size", "8", "--sample-rate", "0.5", "--out", _dir, .. more];

    [Fact]
    public async Task WorkflowRun_SecondRunIntoTheSameOut_RefusedNamingTheEarlierRunAndForce()
    {
        (await Gtpose.RunAsync(Run())).Code.Should().Be(0);
        var before = File.ReadAllText(Path.Combine(_dir, "final.manifest"));

        var (code, output, err) = await Gtpose.RunAsync(Run());

        code.Should().Be(1);
        output.Should().BeEmpty();
        Gtpose.SingleErrorLine(err, "workflow run").Should().Contain(Path.Combine(_dir, "final.manifest"))
            .And.Contain("s3://gtpose-local/gtpose-level1/ in the store").And.Contain("--force");
        File.ReadAllText(Path.Combine(_dir, "final.manifest")).Should().Be(before, "a refused run changes nothing");
    }

    [Fact]
    public async Task WorkflowRun_ForceIntoTheSameOut_StartsCleanWithNoMixedAnswers()
    {
        (await Gtpose.RunAsync(Run())).Code.Should().Be(0);

        var (code, _, err) = await Gtpose.RunAsync(Run("--force"));

        code.Should().Be(0, err);
        err.Should().Contain("warning: --force: replaced the earlier run");
        var labels = File.ReadAllLines(Path.Combine(_dir, "final.manifest")).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("pose")).ToList();
        labels.Should().HaveCount(8);
        labels.SelectMany(l => l.GetProperty("review_reasons").EnumerateArray().Select(r => r.GetString()))
            .Should().NotContain("duplicate_worker_id", "the first run's answers are gone");
        labels.Should().OnlyContain(l => l.GetProperty("workers").GetArrayLength() <= 3);
    }

    [Fact]
    public async Task WorkflowRun_SimulateWorkersOutOfRange_ExitsTwoAndWritesNothing()
    {
        var dir = Path.Combine(_dir, "new");

        var (code, _, err) = await Gtpose.RunAsync(
            "workflow", "run", "--sample", "--simulate-workers", "20", "--out", dir);

        code.Should().Be(2);
        Gtpose.SingleErrorLine(err, "workflow run").Should().Contain("--simulate-workers takes 1 to 9");
        Directory.Exists(dir).Should().BeFalse("a usage error is found before anything is written");
    }

    [Fact]
    public async Task WorkflowRun_MissingAnswersFile_ExitsOneAndWritesNothing()
    {
        var dir = Path.Combine(_dir, "new");

        var (code, _, err) = await Gtpose.RunAsync(
            "workflow", "run", "--sample", "--answers", Path.Combine(_dir, "none.jsonl"), "--out", dir);

        code.Should().Be(1);
        Gtpose.SingleErrorLine(err, "workflow run").Should().Contain("none.jsonl").And.Contain("--answers");
        Directory.Exists(dir).Should().BeFalse();
    }

    [Fact]
    public async Task WorkflowRunAndRunJob_SameSeed_SameSample()
    {
        var job = Path.Combine(_dir, "job");
        var run = Path.Combine(_dir, "run");

        var a = await Gtpose.RunAsync(
            "run-job", "--sample", "--sample-size", "4", "--seed", "3", "--out", job);
        var b = await Gtpose.RunAsync(
            "workflow", "run", "--sample", "--sample-size", "4", "--seed", "3", "--out", run);

        a.Code.Should().Be(0, a.Err);
        b.Code.Should().Be(0, b.Err);
        File.ReadAllText(Path.Combine(run, "input.manifest")).Should()
            .Be(File.ReadAllText(Path.Combine(job, "input.manifest")), "--seed means the same in both");
    }

    public void Dispose() => _dir.Dispose();
}
