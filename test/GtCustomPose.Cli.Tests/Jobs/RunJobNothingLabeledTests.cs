using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Jobs;

/// <summary>A job in which no object got a label is a failure (exit 1 with the count), not a success.</summary>
public sealed class RunJobNothingLabeledTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-nolabel");

    private string Out => Path.Combine(_dir, "out");

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task RunJob_EveryLineBad_ExitsOneWithTheCount()
    {
        var manifest = Write("bad.manifest", "not json", "[1, 2]", """{"no-source": true}""");

        var (code, output, err) = await Gtpose.RunAsync(
            "run-job", "--manifest", manifest, "--simulate-workers", "3", "--out", Out);

        code.Should().Be(1, output);
        output.Should().Contain("labeled            0");
        Gtpose.SingleErrorLine(err, "run-job").Should().Contain("no object got a label (0 of 3)")
            .And.Contain(Path.Combine(Out, "failures.jsonl"));
    }

    [Fact]
    public async Task RunJob_EveryAnswerUnusable_ExitsOneWithTheCount()
    {
        var manifest = Write("in.manifest",
            """{"source-ref": "s3://b/images/a.png"}""",
            """{"source-ref": "s3://b/images/c.png"}""");
        var answers = Write("answers.jsonl",
            """{"line": 1, "workerId": "w1", "answer": {"updated_annotations": "not a skeleton list"}}""",
            """{"line": 2, "workerId": "w1", "answer": {"updated_annotations": 42}}""");

        var (code, output, err) = await Gtpose.RunAsync(
            "run-job", "--manifest", manifest, "--answers", answers, "--out", Out);

        code.Should().Be(1, output + err);
        Gtpose.SingleErrorLine(err, "run-job").Should().Contain("no object got a label (0 of 2)");
    }

    public void Dispose() => _dir.Dispose();
}
