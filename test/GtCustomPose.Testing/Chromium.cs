using System.Diagnostics;

namespace GtCustomPose.Testing;

/// <summary>Debian's chromium, headless, with the flags this closed network needs.</summary>
public static class Chromium
{
    public static string Path => File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : "chromium";

    /// <summary>The DOM after scripts ran.</summary>
    public static Task<string> DumpDomAsync(string url) => RunAsync(url, "--dump-dom");

    /// <summary>Writes a PNG screenshot of the page.</summary>
    public static Task ScreenshotAsync(string url, string file, int width = 1280, int height = 900) =>
        RunAsync(url, $"--screenshot={file}", $"--window-size={width},{height}");

    private static async Task<string> RunAsync(string url, params string[] extra)
    {
        var profile = Directory.CreateTempSubdirectory("gtpose-chromium").FullName;
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--virtual-time-budget=5000", $"--user-data-dir={profile}",
            }.Concat(extra).Append(url))
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        try { Directory.Delete(profile, true); } catch (IOException) { }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"chromium exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
