using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Exports;
using GtCustomPose.Core;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;
using GtCustomPose.Cli.Json;
using GtCustomPose.LambdaRuntime;

namespace GtCustomPose.Cli;

/// <summary>A mistake the user can fix (a missing file, a bad line): one line on stderr, exit code 1.</summary>
internal class UserError(string message, int exitCode = CliErrors.Failure) : Exception(message)
{
    /// <summary>1 for bad input, 2 for arguments that are missing, out of range or contradict each other.</summary>
    public int ExitCode { get; } = exitCode;
}

/// <summary>Arguments that cannot work together or are out of range: exit code 2.</summary>
internal sealed class UsageError(string message) : UserError(message, CliErrors.Usage);

/// <summary>
/// The one place where the CLI turns failures into what a user reads: a single line on stderr,
/// <c>gtpose &lt;command&gt;: what is wrong and how to fix it</c>, never a stack trace. Exit codes: 0 done,
/// 1 error, 2 usage error.
/// </summary>
internal static class CliErrors
{
    public const int Failure = 1, Usage = 2;

    /// <summary>Parses and runs <paramref name="args"/>; a failure is one line on <paramref name="error"/>.</summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, TextWriter? error = null)
    {
        error ??= Console.Error;
        var parsed = root.Parse(args);
        var command = CommandPath(parsed.CommandResult);
        if (parsed.Action is ParseErrorAction)
        {
            var errors = string.Join(" ", parsed.Errors.Select(e => ParseErrorText(e.Message)));
            var line = $"{command}: {errors} ('{command} --help' lists the options)";
            await error.WriteLineAsync(line).ConfigureAwait(false);
            return Usage;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false })
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await error.WriteLineAsync($"{command}: {Describe(e)}").ConfigureAwait(false);
            return e is UserError user ? user.ExitCode : Failure;
        }
    }

    /// <summary>
    /// Runs a command's action. Failures reach <see cref="InvokeAsync"/>, which prints them all alike with the
    /// command's
    /// name, so an action needs no handler of its own.
    /// </summary>
    public static Task<int> RunAsync(Func<Task<int>> action) => action();

    /// <inheritdoc cref="RunAsync"/>
    public static int Run(Func<int> action) => action();

    /// <summary>One line saying what went wrong; the exception's type only where its message says too little.</summary>
    public static string Describe(Exception e) => OneLine(e switch
    {
        UserError or RigException or DataObjectException or BatchException or ObjectStoreException or FormatException
            or SettingException => e.Message,
        FileNotFoundException { FileName: { } file } => $"{file}: no such file",
        RigMismatchException r => $"{r.Message} (the rig this command reads with): its keypoints would be read " +
            $"against the wrong labels; give --rig FILE with the rig '{r.LabelRig}' the job used (its --rig or " +
            "GTPOSE_RIG_FILE)",
        DirectoryNotFoundException or UnauthorizedAccessException or IOException => e.Message,
        JsonException json => CliJson.Describe(json),
        AmazonClientException when e.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase)
            => "no AWS credentials: give --store DIR for a local folder, " +
               "or --s3-endpoint URL (or AWS_ENDPOINT_URL_S3) " +
               "with credentials in the environment",
        OperationCanceledException => "cancelled",
        AggregateException { InnerExceptions.Count: 1 } a => Describe(a.InnerExceptions[0]),
        _ => $"{e.GetType().Name}: {e.Message} (an unexpected failure of gtpose itself: please report it)",
    });

    /// <summary>
    /// A parse error in the user's words: System.CommandLine names the CLR type a value did not parse as
    /// (<c>System.Nullable`1[System.Int32]</c>); the user needs to know what the option takes.
    /// </summary>
    internal static string ParseErrorText(string message)
    {
        var m = Regex.Match(message,
            @"^Cannot parse argument '(?<value>.*)' for (?:option|command) '(?<name>[^']*)' as expected type " +
            @"'(?<type>[^']*)'\.?$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!m.Success) return message;
        var type = m.Groups["type"].Value;
        var takes = type.Contains("Int", StringComparison.Ordinal) ? "a whole number"
            : type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal)
                ? "a number (e.g. 0.5)"
            : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
            : "another kind of value";
        return $"{m.Groups["name"].Value} takes {takes}, not '{m.Groups["value"].Value}'.";
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], Split));

    private const StringSplitOptions Split = StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries;

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Add(c.Command is RootCommand ? "gtpose" : c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
