using System.Diagnostics;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests;

/// <summary>gtpose as a .NET tool: packed to a local folder, installed from it, run by its command name.</summary>
public sealed class ToolInstallTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-tool");

    private static async Task<(int Code, string Out, string Err)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    private static string Project()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GtCustomPose.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "src", "GtCustomPose.Cli", "GtCustomPose.Cli.csproj");
    }

    [Fact]
    public async Task DotnetToolInstall_FromALocalPack_GtposeRunsByName()
    {
        // The tests' own build of the CLI is packed, in the tests' configuration.
        var debug = $"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}";
        var configuration = AppContext.BaseDirectory.Contains(debug, StringComparison.Ordinal) ? "Debug" : "Release";
        var packages = Path.Combine(_dir, "packages");
        var pack = await RunAsync("dotnet", "pack", Project(), "-c", configuration, "--no-build", "-o", packages,
            "-nologo");
        pack.Code.Should().Be(0, pack.Out + pack.Err);

        var tools = Path.Combine(_dir, "tools");
        var install = await RunAsync("dotnet", "tool", "install", "gtpose", "--tool-path", tools, "--add-source",
            packages, "--ignore-failed-sources");
        install.Code.Should().Be(0, install.Out + install.Err);

        var gtpose = Path.Combine(tools, "gtpose");
        var help = await RunAsync(gtpose, "--help");
        help.Code.Should().Be(0, help.Err);
        help.Out.Should().Contain("run-job").And.Contain("invoke").And.Contain("export");

        // The task templates and sample event travel with the tool.
        var job = await RunAsync(gtpose, "run-job", "--sample", "--sample-size", "1", "--out", Path.Combine(_dir,
            "job"));
        job.Code.Should().Be(0, job.Err);
        File.Exists(Path.Combine(_dir, "job", "tasks", "00000.html")).Should().BeTrue();
    }

    public void Dispose() => _dir.Dispose();
}
