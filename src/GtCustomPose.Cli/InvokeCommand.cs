using System.CommandLine;
using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Pre;
using GtCustomPose.LambdaRuntime;

namespace GtCustomPose.Cli;

/// <summary><c>gtpose invoke pre-annotation|post-annotation --event FILE</c>: runs a function on an event file and prints its response.</summary>
internal static class InvokeCommand
{
    public static Command Create()
    {
        var invoke = new Command("invoke", "Run a function on an event file; print its JSON response (exit 0) or {errorType, errorMessage} (exit 1).");

        var preEvent = EventOption();
        var preRig = Common.RigOption();
        var chained = new Option<string?>("--chained-label-attribute") { Description = "Label attribute of an earlier job whose labels become initial values." };
        var pre = new Command("pre-annotation", "Invoke the pre-annotation function.") { preEvent, preRig, chained };
        pre.SetAction((result, _) => Run(result.GetValue(preEvent)!, input =>
            new PreAnnotation.Function(new PreAnnotationSettings(Common.LoadRig(result.GetValue(preRig)), result.GetValue(chained))).FunctionHandler(input)));

        var postEvent = EventOption();
        var postRig = Common.RigOption();
        var endpoint = Common.EndpointOption();
        var store = Common.StoreOption();
        var post = new Command("post-annotation", "Invoke the post-annotation function; it reads the payload from S3 or from --store.") { postEvent, postRig, endpoint, store };
        post.SetAction((result, _) => Run(result.GetValue(postEvent)!, input =>
            new PostAnnotation.Function(Common.LoadRig(result.GetValue(postRig)), Common.Store(result.GetValue(store), result.GetValue(endpoint)),
                new Core.Batch.BatchOptions { Log = Console.Error.WriteLine }).FunctionHandler(input)));

        invoke.Subcommands.Add(pre);
        invoke.Subcommands.Add(post);
        return invoke;
    }

    private static Option<FileInfo> EventOption() => new("--event") { Description = "The event JSON file.", Required = true };

    private static async Task<int> Run(FileInfo eventFile, Func<Stream, Task<Stream>> handler)
    {
        using var stdout = Console.OpenStandardOutput();
        try
        {
            await using var input = eventFile.OpenRead();
            await using var output = await handler(input).ConfigureAwait(false);
            await output.CopyToAsync(stdout).ConfigureAwait(false);
            await stdout.WriteAsync("\n"u8.ToArray()).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await stdout.WriteAsync(LambdaRuntime.ErrorResponse.From(e).ToUtf8Json()).ConfigureAwait(false);
            await stdout.WriteAsync("\n"u8.ToArray()).ConfigureAwait(false);
            return 1;
        }
    }
}
