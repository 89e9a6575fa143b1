using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GtCustomPose.Cli.Tests;

/// <summary>Runs the built gtpose as a user would.</summary>
internal static partial class Gtpose
{
    /// <summary>Runs gtpose; an <paramref name="environment"/> value of "" removes that variable from the child's environment.</summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gtpose.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            if (v.Length == 0) start.Environment.Remove(k);
            else start.Environment[k] = v;
        }
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    public static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>What a user must see on a failure: one line on stderr, prefixed by the command, and no stack trace.</summary>
    public static string SingleErrorLine(string stderr, string command)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("warning:", StringComparison.Ordinal) && !Progress().IsMatch(l)).ToList();
        lines.Should().ContainSingle("an error is one line:\n{0}", stderr);
        lines[0].Should().StartWith($"gtpose {command}: ");
        stderr.Should().NotContain("   at ").And.NotContain("Unhandled exception").And.NotContain("\\u0027");
        return lines[0];
    }

    [GeneratedRegex(@"^[a-z][a-z -]*: (\d+/\d+|nothing to do)")]
    private static partial Regex Progress();
}
