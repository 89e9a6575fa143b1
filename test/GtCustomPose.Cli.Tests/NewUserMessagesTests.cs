using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests;

/// <summary>What a new user reads: one-line errors in their words with one prefix style, help that says what is
/// true, one meaning per option name.</summary>
public sealed class NewUserMessagesTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-messages");

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Theory]
    [InlineData("run-job", "--simulate-workers", "three", "--simulate-workers takes a whole number, not 'three'")]
    [InlineData("workflow run", "--sample-rate", "half", "--sample-rate takes a number (e.g. 0.5), not 'half'")]
    [InlineData("run-job", "--review-min-confidence", "abc",
        "--review-min-confidence takes a number (e.g. 0.5), not 'abc'")]
    public async Task Command_ValueOfTheWrongKind_SaysWhatTheOptionTakes(
        string command, string option, string value, string message)
    {
        var (code, _, err) = await Gtpose.RunAsync(
            [.. command.Split(' '), "--sample", option, value, "--out", PathOf("out")]);

        code.Should().Be(2);
        Gtpose.SingleErrorLine(err, command).Should().Contain(message);
        err.Should().NotContain("System.");
    }

    [Fact]
    public async Task JobRequest_StackOutputsNotJson_OneLineWithoutParserInternals()
    {
        File.WriteAllText(PathOf("outputs.json"), "JobOutputS3Uri = s3://bucket/jobs/");

        var (code, _, err) = await Gtpose.RunAsync(
            "job", "request", "--manifest", "s3://b/m", "--stack-outputs", PathOf("outputs.json"), "--job-name", "j1");

        code.Should().Be(2);
        Gtpose.SingleErrorLine(err, "job request").Should().Contain(PathOf("outputs.json"))
            .And.Contain("not valid JSON at byte 1");
        err.Should().NotContain("LineNumber").And.NotContain("BytePositionInLine");
    }

    [Fact]
    public async Task JobRequest_LocalManifest_RefusedWithTheUpload()
    {
        File.WriteAllText(PathOf("input.manifest"), """{"source-ref": "s3://b/a.png"}""");
        File.WriteAllText(PathOf("outputs.json"), "{}");

        var (code, output, err) = await Gtpose.RunAsync(
            "job", "request", "--manifest", PathOf("input.manifest"), "--stack-outputs", PathOf("outputs.json"),
            "--job-name", "j1");

        code.Should().Be(2);
        output.Should().BeEmpty("no request with a local path as ManifestS3Uri");
        Gtpose.SingleErrorLine(err, "job request").Should().Contain($"{PathOf("input.manifest")} is a local file")
            .And.Contain("not an s3:// URI").And.Contain($"aws s3 cp {PathOf("input.manifest")} s3://");
    }

    [Fact]
    public async Task RunJobHelp_NamesTheTemplateItUses()
    {
        var (code, output, _) = await Gtpose.RunAsync("run-job", "--help");

        code.Should().Be(0);
        output.Should().Contain("pose-skeleton.liquid.html").And.NotContain("crowd-2d-skeleton template");
        File.Exists(Path.Combine(AppContext.BaseDirectory, "templates", "pose-skeleton.liquid.html")).Should().BeTrue();
    }

    [Fact]
    public async Task WorkflowRunHelp_SeedIsTheSimulationsAsInRunJob()
    {
        var run = (await Gtpose.RunAsync("workflow", "run", "--help")).Out;
        var job = (await Gtpose.RunAsync("run-job", "--help")).Out;

        foreach (var help in new[] { run, job })
            help.Split('\n').Single(l => l.TrimStart().StartsWith("--seed", StringComparison.Ordinal))
                .Should().Contain("Seed of the simulation");
        run.Should().Contain("--qa-seed").And.NotContain("--simulation-seed");
    }

    [Theory]
    [InlineData("export coco", "coco.json")]
    [InlineData("report", "report.html")]
    public async Task Export_NoLabelAttribute_DefaultsToPose(string command, string output)
    {
        (await Gtpose.RunAsync("run-job", "--sample", "--sample-size", "2", "--out", _dir)).Code.Should().Be(0);

        var (code, _, err) = await Gtpose.RunAsync(
            [.. command.Split(' '), "--manifest", PathOf("output.manifest"), "--out", PathOf(output)]);

        code.Should().Be(0, err);
        File.Exists(PathOf(output)).Should().BeTrue();
    }

    [Fact]
    public async Task ManifestCreate_LocalFolderWithoutPrefix_SharedPrefixAndExitTwo()
    {
        Directory.CreateDirectory(PathOf("images"));

        var (code, _, err) = await Gtpose.RunAsync(
            "manifest", "create", "--images", PathOf("images"), "--out", PathOf("in.manifest"));

        code.Should().Be(2);
        Gtpose.SingleErrorLine(err, "manifest create").Should().Contain("--s3-prefix");
        File.Exists(PathOf("in.manifest")).Should().BeFalse();
    }

    public void Dispose() => _dir.Dispose();
}
