using System.Diagnostics;
using System.Text.Json;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Templates;

/// <summary>
/// Runs one of test/browser's puppeteer-core scripts (Debian's chromium, real input events) and reads the one JSON
/// object it prints.
/// </summary>
internal static class BrowserScript
{
    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/>; fails the test naming
    /// <paramref name="scenario"/> unless it exits 0.</summary>
    public static async Task<JsonElement> RunAsync(string script, string scenario, params string[] args)
    {
        var folder = Repo.PathOf("test", "browser");
        File.Exists(Path.Combine(folder, "node_modules", "puppeteer-core", "package.json"))
            .Should().BeTrue("`bash .ci/setup` installs test/browser's npm packages");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.ArgumentList.Add(script);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["PUPPETEER_SKIP_DOWNLOAD"] = "1";
        start.Environment["GTPOSE_CHROMIUM"] = Chromium.Path;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        var text = await stdout;
        process.ExitCode.Should().Be(0, $"the {scenario} scenario ran to its end:\n{text}\n{await stderr}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
