using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Cli;

/// <summary>A mistake the user can fix: printed as one line (no stack trace), exit code <see cref="ExitCode"/>.</summary>
internal sealed class UserError(string message, int exitCode = 1) : Exception(message)
{
    /// <summary>1 for bad input, 2 for a bad combination of arguments.</summary>
    public int ExitCode { get; } = exitCode;
}

/// <summary>Runs a command action so that what the user can fix is printed as one line and ends with exit 1 or 2.</summary>
internal static class CliErrors
{
    public static async Task<int> RunAsync(string command, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is UserError or ObjectStoreException or RigException or FileNotFoundException
                                      or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"{command}: {e.Message}");
            return e is UserError u ? u.ExitCode : 1;
        }
    }

    public static int Run(string command, Func<int> action) =>
        RunAsync(command, () => Task.FromResult(action())).GetAwaiter().GetResult();
}
