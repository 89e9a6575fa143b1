using System.Diagnostics;

namespace GtCustomPose.Testing;

/// <summary>What a finished external command returned.</summary>
/// <param name="Code">Its exit code.</param>
/// <param name="Out">Everything it wrote to stdout.</param>
/// <param name="Err">Everything it wrote to stderr.</param>
public sealed record CommandResult(int Code, string Out, string Err);

/// <summary>Runs a program (a shell script, readelf, the aws CLI) to its end, capturing its output.</summary>
public static class ExternalCommand
{
    /// <summary>
    /// Runs <paramref name="program"/> from the repository root; an <paramref name="environment"/> value of null
    /// removes that variable from the child's environment.
    /// </summary>
    public static async Task<CommandResult> RunAsync(
        string program,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>())
        {
            if (v is null) start.Environment.Remove(k);
            else start.Environment[k] = v;
        }
        using var p = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await p.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in time");
        }
        return new CommandResult(p.ExitCode, await stdout, await stderr);
    }

    public static Task<CommandResult> RunAsync(string program, params string[] args) => RunAsync(program, args, null);
}
