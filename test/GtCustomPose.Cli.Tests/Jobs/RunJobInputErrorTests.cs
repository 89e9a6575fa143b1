using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Jobs;

/// <summary>
/// Inputs that cannot make a job (a missing manifest, a wrong answers line, images the simulation needs but the store
/// lacks): exit code 1 and one line naming the file, the line and the fix, before pre-annotation runs.
/// </summary>
public sealed class RunJobInputErrorTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-input");

    private string Out => Path.Combine(_dir, "out");

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private string TwoImageManifest() => Write("in.manifest",
        """{"source-ref": "s3://b/images/a.png"}""",
        """{"source-ref": "s3://b/images/c.png"}""");

    private async Task<string> ErrorAsync(params string[] args)
    {
        var (code, output, err) = await Gtpose.RunAsync(["run-job", .. args]);
        code.Should().Be(1, err);
        output.Should().BeEmpty();
        Directory.Exists(Path.Combine(Out, "tasks")).Should().BeFalse("the job stops before pre-annotation");
        return Gtpose.SingleErrorLine(err, "run-job");
    }

    [Fact]
    public async Task RunJob_MissingManifest_NamesTheFile()
    {
        var missing = Path.Combine(_dir, "missing.manifest");
        var line = await ErrorAsync("--manifest", missing, "--simulate-workers", "3", "--out", Out);
        line.Should().Contain(missing).And.Contain("no such manifest");
    }

    [Fact]
    public async Task RunJob_EmptyManifest_NothingToLabelIsAnError()
    {
        var line = await ErrorAsync("--manifest", Write("empty.manifest", "", "  "), "--simulate-workers", "3", "--out",
            Out);
        line.Should().Contain("empty.manifest").And.Contain("nothing to label").And.Contain("gtpose manifest create");
    }

    [Fact]
    public async Task RunJob_AnswerForAnImageNotInTheManifest_NamesFileLineAndFix()
    {
        var answers = Write("answers.jsonl",
            """{"source-ref": "s3://b/images/a.png", "workerId": "w1", "answer": {"updated_annotations": "[]"}}""",
            """{"source-ref": "s3://b/images/typo.png", "workerId": "w1", "answer": {"updated_annotations": "[]"}}""");
        var line = await ErrorAsync("--manifest", TwoImageManifest(), "--answers", answers, "--out", Out);
        line.Should().Be("gtpose run-job: answers.jsonl line 2: source-ref s3://b/images/typo.png is not in " +
            "in.manifest; " +
            "answer an image of that manifest, or give \"line\": N (the 1-based manifest line) instead");
    }

    [Theory]
    [InlineData("""{"line": 7, "workerId": "w1", "answer": {}}""", "\"line\" is 7, but in.manifest has lines 1 to 2")]
    [InlineData("""{"workerId": "w1", "answer": {}}""", "says neither which image nor which line")]
    [InlineData("""{"line": 1, "workerId": "w1"}""", "no answer; give \"answer\"")]
    [InlineData("""not json""", "not JSON")]
    public async Task RunJob_UnusableAnswersLine_NamesTheLine(string answer, string expected)
    {
        var answers = Write("answers.jsonl", """{"line": 1, "workerId": "w0", "answer": {}}""", answer);
        var line = await ErrorAsync("--manifest", TwoImageManifest(), "--answers", answers, "--out", Out);
        line.Should().StartWith("gtpose run-job: answers.jsonl line 2: ").And.Contain(expected);
    }

    [Fact]
    public async Task RunJob_EmptyAnswersFile_NothingToConsolidateIsAnError()
    {
        var line = await ErrorAsync("--manifest", TwoImageManifest(), "--answers", Write("answers.jsonl", ""), "--out",
            Out);
        line.Should().Contain("no answers in the file");
    }

    [Fact]
    public async Task RunJob_SimulatedWorkersOnImagesNotInTheStore_NamesThemInsteadOfMakingUpASize()
    {
        var line = await ErrorAsync("--manifest", TwoImageManifest(), "--simulate-workers", "3", "--out", Out);
        line.Should().Contain("2 of 2 images of in.manifest are missing")
            .And.Contain("line 1 s3://b/images/a.png").And.Contain("line 2 s3://b/images/c.png")
            .And.Contain("--answers FILE");
    }

    [Fact]
    public async Task RunJob_MissingRigFile_NamesIt()
    {
        var rig = Path.Combine(_dir, "rig.json");
        var line = await ErrorAsync("--sample", "--rig", rig, "--out", Out);
        line.Should().Contain(rig).And.Contain("no such rig file");
    }

    public void Dispose() => _dir.Dispose();
}
