using System.CommandLine;
using GtCustomPose.Cli.Json;

namespace GtCustomPose.Cli;

/// <summary>
/// <c>gtpose invoke pre-annotation|post-annotation --event FILE</c>: runs a function on an event file and prints its
/// response, configured by options that stand for the deployment's settings.
/// </summary>
internal static class InvokeCommand
{
    public static Command Create()
    {
        var invoke = new Command("invoke",
            "Run a function on an event file; print its JSON response (exit 0) or {errorType, errorMessage} (exit 1).");

        var preEvent = EventOption();
        var preRig = SharedOptions.Rig();
        var preSettings = new PreAnnotationOptions();
        var pre = new Command("pre-annotation", "Invoke the pre-annotation function.") { preEvent, preRig };
        foreach (var option in preSettings.All) pre.Options.Add(option);
        pre.SetAction((result, cancellationToken) =>
        {
            var file = EventFile(result.GetValue(preEvent)!);
            var settings = preSettings.Settings(result, RigFiles.Load(result.GetValue(preRig)));
            return RunAsync(file, input => new PreAnnotation.Function(settings).FunctionHandler(input),
                cancellationToken);
        });

        var postEvent = EventOption();
        var postRig = SharedOptions.Rig();
        var endpoint = SharedOptions.Endpoint();
        var store = SharedOptions.Store();
        var postSettings = new PostAnnotationOptions();
        var post = new Command("post-annotation",
            "Invoke the post-annotation function; it reads the payload from S3 or from --store.") { postEvent, postRig,
                endpoint, store };
        foreach (var option in postSettings.All) post.Options.Add(option);
        post.SetAction((result, cancellationToken) =>
        {
            var file = EventFile(result.GetValue(postEvent)!);
            var rig = RigFiles.Load(result.GetValue(postRig));
            var options = postSettings.BatchOptions(result, Console.Error.WriteLine);
            var objects = Stores.Open(result.GetValue(store), result.GetValue(endpoint));
            return RunAsync(file, input => new PostAnnotation.Function(rig, objects, options).FunctionHandler(input),
                cancellationToken);
        });

        invoke.Subcommands.Add(pre);
        invoke.Subcommands.Add(post);
        invoke.Subcommands.Add(Reconsolidate());
        invoke.Subcommands.Add(OverStore("route", "Invoke the workflow's route function; it reads and writes S3 or " +
            "--store.", (store, _) => new GtCustomPose.Workflow.RouteFunction(store).FunctionHandler));
        invoke.Subcommands.Add(OverStore("merge", "Invoke the workflow's merge function; it reads and writes S3 or " +
            "--store.", (store, rig) => new GtCustomPose.Workflow.MergeFunction(store, rig).FunctionHandler));
        return invoke;
    }

    // The state machine's Route and Merge states; the local run of the definition plays them with these.
    private static Command OverStore(
        string name,
        string description,
        Func<Core.Storage.IObjectStore, Core.Rigs.Rig, Func<Stream, Task<Stream>>> handler)
    {
        var eventFile = EventOption();
        var rig = SharedOptions.Rig();
        var endpoint = SharedOptions.Endpoint();
        var store = SharedOptions.Store();
        var command = new Command(name, description) { eventFile, rig, endpoint, store };
        command.SetAction((result, cancellationToken) => RunAsync(
            EventFile(result.GetValue(eventFile)!),
            handler(
                Stores.Open(result.GetValue(store), result.GetValue(endpoint)), RigFiles.Load(result.GetValue(rig))),
            cancellationToken));
        return command;
    }

    // The state machine's large-job path calls this function once per mode (plan, statistics, reduce, labels,
    // assemble); the local run of the definition plays each of those Task states with it.
    private static Command Reconsolidate()
    {
        var eventFile = EventOption();
        var rig = SharedOptions.Rig();
        var endpoint = SharedOptions.Endpoint();
        var store = SharedOptions.Store();
        var review = new PostAnnotationOptions();
        var command = new Command("reconsolidate",
            "Invoke the workflow's re-consolidation function in any of its modes; it reads and writes S3 or --store.")
        {
            eventFile, rig, endpoint, store,
        };
        foreach (var option in review.Thresholds) command.Options.Add(option);
        command.SetAction((result, cancellationToken) =>
        {
            var file = EventFile(result.GetValue(eventFile)!);
            var objects = Stores.Open(result.GetValue(store), result.GetValue(endpoint));
            var theRig = RigFiles.Load(result.GetValue(rig));
            return RunAsync(file, input => new GtCustomPose.Workflow.ReconsolidateFunction(
                objects, theRig, review.Consolidation(result)).FunctionHandler(input), cancellationToken);
        });
        return command;
    }

    private static Option<FileInfo> EventOption() => new("--event") { Description = "The event JSON file.",
        Required = true };

    private static FileInfo EventFile(FileInfo file) => file.Exists ? file
        : throw new UserError($"{file.FullName}: no such event file; give --event FILE " +
            $"(samples/events/pre-annotation.json beside gtpose is one)");

    /// <summary>Prints the handler's response, or the error Lambda would return (quotes as quotes) with exit code
    /// 1.</summary>
    private static async Task<int> RunAsync(FileInfo eventFile, Func<Stream, Task<Stream>> handler,
        CancellationToken cancellationToken)
    {
        await using var stdout = Console.OpenStandardOutput();
        // Standard output carries the response alone, so a script can parse it; the function's log lines go beside.
        LambdaRuntime.Log.Output = Console.Error;
        try
        {
            await using var input = eventFile.OpenRead();
            await using var output = await handler(input).ConfigureAwait(false);
            await output.CopyToAsync(stdout, cancellationToken).ConfigureAwait(false);
            await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is not (OutOfMemoryException or UserError))
        {
            await using (var writer = ReadableJson.Writer(stdout))
            {
                writer.WriteStartObject();
                writer.WriteString("errorType", e.GetType().Name);
                writer.WriteString("errorMessage", e.Message);
                writer.WriteEndObject();
            }
            await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            return CliErrors.Failure;
        }
    }
}
