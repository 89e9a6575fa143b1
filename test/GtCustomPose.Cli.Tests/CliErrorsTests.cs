using System.CommandLine;

namespace GtCustomPose.Cli.Tests;

/// <summary>The root's error handling: every failure one line on stderr, exit 1 for errors and 2 for usage.</summary>
public sealed class CliErrorsTests
{
    private static async Task<(int Code, string Err)> InvokeAsync(Func<Task<int>> action, params string[] args)
    {
        var command = new Command("demo");
        command.SetAction((_, _) => action());
        var root = new RootCommand("test") { command };
        using var error = new StringWriter();
        var code = await CliErrors.InvokeAsync(root, args.Length == 0 ? ["demo"] : args, error);
        return (code, error.ToString());
    }

    [Fact]
    public async Task InvokeAsync_UserError_OneLineWithTheCommandAndExitOne()
    {
        var (code, err) = await InvokeAsync(() => throw new UserError("in.manifest: no such manifest"));
        code.Should().Be(1);
        err.Should().Be($"gtpose demo: in.manifest: no such manifest{Environment.NewLine}");
    }

    [Fact]
    public async Task InvokeAsync_UsageError_ExitTwo()
    {
        var (code, err) = await InvokeAsync(() => throw new UsageError("give --manifest or --sample"));
        code.Should().Be(2);
        err.Should().StartWith("gtpose demo: give --manifest or --sample");
    }

    [Fact]
    public async Task InvokeAsync_UnexpectedException_NamedOnOneLineWithoutAStackTrace()
    {
        var (code, err) = await InvokeAsync(() => throw new InvalidOperationException("first\nsecond"));
        code.Should().Be(1);
        err.Trim().Should().Be("gtpose demo: InvalidOperationException: first second (an unexpected failure of " +
            "gtpose itself: please report it)");
    }

    [Fact]
    public async Task InvokeAsync_MissingFile_NamesIt()
    {
        var (code, err) = await InvokeAsync(() => throw new FileNotFoundException("Could not find file.",
            "/data/x.json"));
        code.Should().Be(1);
        err.Trim().Should().Be("gtpose demo: /data/x.json: no such file");
    }

    [Fact]
    public async Task InvokeAsync_UnknownOption_UsageErrorOnOneLine()
    {
        var (code, err) = await InvokeAsync(() => Task.FromResult(0), "demo", "--nope");
        code.Should().Be(2);
        err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle();
        err.Should().Contain("--nope").And.Contain("'gtpose demo --help' lists the options");
    }

    [Fact]
    public async Task Gtpose_NoCommand_UsageErrorExitTwo()
    {
        var (code, output, err) = await Gtpose.RunAsync();
        code.Should().Be(2);
        output.Should().BeEmpty();
        err.Trim().Should().StartWith("gtpose: ").And.Contain("gtpose --help");
    }

    [Fact]
    public async Task Gtpose_Help_ExitZero()
    {
        var (code, output, _) = await Gtpose.RunAsync("run-job", "--help");
        code.Should().Be(0);
        output.Should().Contain("--batch-size").And.Contain("--force")
            .And.Contain("--review-min-confidence").And.Contain("--audit-mode");
    }
}
