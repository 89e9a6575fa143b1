using System.Diagnostics;

namespace GtCustomPose.Testing;

/// <summary>
/// Runs a built function assembly as its own process (the provided.al2023 bootstrap) against a Runtime API.
/// </summary>
public sealed class FunctionProcess : IDisposable
{
    private readonly Process _process;

    public FunctionProcess(
        string assemblyFileName,
        string runtimeApi,
        IReadOnlyDictionary<string, string>? environment = null)
        : this(
            new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, assemblyFileName)]),
            runtimeApi,
            environment)
    {
    }

    /// <summary>Runs an executable (a published bootstrap) directly.</summary>
    public FunctionProcess(
        ProcessStartInfo start,
        string runtimeApi,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) Output.Add(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Output.Add(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Lines the process wrote (its logs).</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> Output { get; } = [];

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>Resident memory in bytes.</summary>
    public long WorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>Peak resident memory in bytes so far (VmHWM), Linux only.</summary>
    public long PeakWorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.PeakWorkingSet64;
        }
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        _process.WaitForExit(5000);
        _process.Dispose();
    }
}
