using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Jobs;

/// <summary>Arguments that cannot make a job: refused with exit code 2 and one line, before anything is
/// written.</summary>
public sealed class RunJobArgumentTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-args");

    private string Out => Path.Combine(_dir, "out");

    private string ManifestFile()
    {
        var path = Path.Combine(_dir, "in.manifest");
        File.WriteAllText(path, "{\"source-ref\": \"s3://b/images/a.png\"}\n");
        return path;
    }

    private async Task<string> UsageErrorAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var (code, output, err) = await Gtpose.RunAsync(environment, ["run-job", .. args]);
        code.Should().Be(2, err);
        output.Should().BeEmpty();
        Directory.Exists(Out).Should().BeFalse("nothing runs when the arguments are wrong");
        return Gtpose.SingleErrorLine(err, "run-job");
    }

    [Fact]
    public async Task RunJob_SampleAndManifest_RefusesInsteadOfIgnoringTheManifest()
    {
        var line = await UsageErrorAsync(null, "--sample", "--manifest", ManifestFile(), "--out", Out);
        line.Should().Contain("--sample").And.Contain("--manifest").And.Contain("give one of them");
    }

    [Fact]
    public async Task RunJob_ManifestWithoutAnswerSource_SaysHowToGiveAnswersBeforePreAnnotation()
    {
        var line = await UsageErrorAsync(null, "--manifest", ManifestFile(), "--out", Out);
        line.Should().Contain("no answers").And.Contain("--answers FILE").And.Contain("--simulate-workers N");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10")]
    public async Task RunJob_SimulateWorkersOutOfRange_RefusedNotDefaulted(string workers)
    {
        var line = await UsageErrorAsync(null, "--sample", "--simulate-workers", workers, "--out", Out);
        line.Should().Contain("--simulate-workers takes 1 to 9").And.EndWith($"not {workers}");
    }

    [Fact]
    public async Task RunJob_AnswersAndSimulatedWorkers_RefusesTheAmbiguity()
    {
        var answers = Path.Combine(_dir, "answers.jsonl");
        File.WriteAllText(answers, "");
        var line = await UsageErrorAsync(null, "--manifest", ManifestFile(), "--answers", answers, "--simulate-workers",
            "3", "--out", Out);
        line.Should().Contain("--answers and --simulate-workers");
    }

    [Fact]
    public async Task RunJob_ChainedAttributeEqualsLabelAttribute_RefusesToOverwriteTheEarlierLabel()
    {
        var line = await UsageErrorAsync(null, "--manifest", ManifestFile(), "--simulate-workers", "3", "--out", Out,
            "--chained-label-attribute", "pose", "--label-attribute", "pose");
        line.Should().Contain("would overwrite the earlier one").And.Contain("--label-attribute pose-audit");
    }

    [Fact]
    public async Task RunJob_ChainedAttributeFromTheEnvironment_CheckedLikeTheOption()
    {
        var environment = new Dictionary<string, string> { ["GTPOSE_CHAINED_LABEL_ATTRIBUTE"] = "pose" };
        var line = await UsageErrorAsync(environment, "--manifest", ManifestFile(), "--simulate-workers", "3", "--out",
            Out);
        line.Should().Contain("would overwrite the earlier one");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("5001")]
    public async Task RunJob_BatchSizeOutOfRange_Refused(string size)
    {
        var line = await UsageErrorAsync(null, "--sample", "--batch-size", size, "--out", Out);
        line.Should().Contain("--batch-size takes 1 to 5000");
    }

    [Fact]
    public async Task RunJob_ThresholdOutOfRange_RefusedNamingTheOption()
    {
        var line = await UsageErrorAsync(null, "--sample", "--review-min-confidence", "1.5", "--out", Out);
        line.Should().Contain("--review-min-confidence takes a number from 0 to 1");
    }

    [Fact]
    public async Task RunJob_NoOut_ParseErrorOnOneLineWithExitCodeTwo()
    {
        var line = await UsageErrorAsync(null, "--sample");
        line.Should().Contain("--out").And.Contain("gtpose run-job --help");
    }

    public void Dispose() => _dir.Dispose();
}
