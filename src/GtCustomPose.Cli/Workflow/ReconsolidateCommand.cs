using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Storage;
using GtCustomPose.LambdaRuntime;

namespace GtCustomPose.Cli.Workflow;

/// <summary>
/// <c>gtpose workflow reconsolidate</c>: every object of a finished labeling job consolidated again from the job's
/// stored worker responses, with worker noise and facing rates pooled over the whole job.
/// </summary>
internal static class ReconsolidateCommand
{
    internal static Command Create()
    {
        var manifest = new Option<string>("--manifest")
        {
            Description = "The job's input manifest (or its output manifest): a file or s3:// URI. Line i is object i.",
            Required = true,
        };
        var jobOutput = new Option<string[]>("--job-output")
        {
            Description = "The job's output folder: s3://bucket/prefix/job-name/ (S3OutputPath + job name). Repeat " +
                "it for second-level (re-label) jobs: every object is consolidated from its answers in all of them, " +
                "joined to level 1 (the first) through route's link on each of their manifest lines.",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var attribute = SharedOptions.LabelAttribute("Label attribute to write");
        var output = new Option<string>("--out")
        {
            Description = "Re-consolidated manifest: a file or s3:// URI.",
            Required = true,
        };
        var failures = new Option<string?>("--failures")
        {
            Description = "Lines without a label and why (JSON Lines; default: <out>.failures.jsonl).",
        };
        // The review thresholds as the consolidation function takes them (options, else its variables).
        var review = new PostAnnotationOptions();
        var reads = new Option<int>("--max-concurrent-reads")
        {
            Description = "Worker-response files fetched at once.",
            DefaultValueFactory = _ => 32,
        };
        var rig = SharedOptions.Rig();
        var store = SharedOptions.Store();
        var endpoint = SharedOptions.Endpoint();

        var command = new Command(
            "reconsolidate",
            "Consolidate a finished job's objects again from its stored worker responses, with statistics pooled " +
            "over the whole job.")
        {
            manifest, jobOutput, attribute, output, failures, reads, rig, store, endpoint,
        };
        foreach (var option in review.Thresholds) command.Options.Add(option);
        // A job run in audit mode is re-consolidated in audit mode (run-job's Next: hint carries it).
        command.Options.Add(review.AuditMode);
        command.SetAction(async (result, cancellationToken) =>
        {
            JobOutputLayout layout;
            List<JobOutputLayout> linked;
            try
            {
                var layouts = result.GetValue(jobOutput)!.Select(JobOutputLayout.Parse).ToList();
                (layout, linked) = (layouts[0], layouts.Skip(1).ToList());
            }
            catch (FormatException e)
            {
                throw new UsageError(e.Message);
            }
            var consolidation = review.Consolidation(result);
            var theRig = RigFiles.Load(result.GetValue(rig));
            var manifestText = result.GetValue(manifest)!;
            // Checked before the statistics pass, which reads the whole job first.
            if (!S3Uri.TryParse(manifestText, out _) && !File.Exists(manifestText))
                throw new UserError($"{Path.GetFullPath(manifestText)}: no such file (given as --manifest)");
            var objects = Stores.Open(result.GetValue(store), result.GetValue(endpoint));
            var outPath = result.GetValue(output)!;
            var failuresPath = result.GetValue(failures) ?? outPath + ".failures.jsonl";
            var options = new ReconsolidationOptions
            {
                LabelAttribute = result.GetValue(attribute)!,
                Consolidation = consolidation,
                MaxConcurrentReads = Math.Max(1, result.GetValue(reads)),
                Log = line => Console.Error.WriteLine(line),
            };
            IResponseSource responses;
            try
            {
                responses = await PooledResponseSource.OpenAsync(
                    objects, layout, linked, theRig, options, cancellationToken);
            }
            catch (JobLinkException e) { throw new UserError(e.Message); }
            var reconsolidator = new JobReconsolidator(responses, layout, theRig, options);
            var clock = Stopwatch.StartNew();
            ReconsolidationResult summary;
            await using (var outSink = Sink.Open(outPath))
            await using (var failuresSink = Sink.Open(failuresPath))
            {
                try
                {
                    summary = await reconsolidator.RunAsync(
                        ct => Open(objects, manifestText, ct), outSink.Stream, failuresSink.Stream, cancellationToken);
                }
                catch (JobLinkException e) { throw new UserError(e.Message); }
                // The failures and the counts first: an output manifest in place means the run is complete.
                await failuresSink.CommitAsync(objects, "application/jsonlines", cancellationToken);
                await using (var summarySink = Sink.Open(ReconsolidationSummary.PathOf(outPath)))
                {
                    await JsonSerializer.SerializeAsync(
                        summarySink.Stream,
                        new ReconsolidationSummary(
                            summary.Objects, summary.Labeled, summary.Flagged, summary.NoLabel, summary.Counts),
                        JobsJsonContext.Default.ReconsolidationSummary,
                        cancellationToken);
                    await summarySink.CommitAsync(objects, "application/json", cancellationToken);
                }
                await outSink.CommitAsync(objects, "application/jsonlines", cancellationToken);
            }
            Print(summary, layout, linked, outPath, failuresPath, reconsolidator.FilesRead, clock.Elapsed);
            return Outcome.Labeled(summary.Labeled, summary.Lines, failuresPath);
        });
        return command;
    }

    private static async Task<Stream> Open(IObjectStore store, string location, CancellationToken cancellationToken) =>
        S3Uri.TryParse(location, out var uri)
            ? await store.OpenReadAsync(uri, cancellationToken)
            : new FileStream(location, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);

    private static void Print(
        ReconsolidationResult r,
        JobOutputLayout layout,
        List<JobOutputLayout> linked,
        string outPath,
        string failuresPath,
        long files,
        TimeSpan elapsed)
    {
        var c = CultureInfo.InvariantCulture;
        var rate = r.Labeled == 0 ? 0 : 100.0 * r.Flagged / r.Labeled;
        Console.WriteLine(
            $"Job '{layout.JobName}' re-consolidated" +
            (linked.Count == 0 ? "" : $" with {string.Join(", ", linked.Select(l => $"'{l.JobName}'"))} pooled"));
        Console.WriteLine($"  manifest lines     {r.Lines} ({r.Objects} written, {r.Rejected} not JSON objects)");
        Console.WriteLine($"  labeled            {r.Labeled} ({r.NoLabel} without a label: see failures)");
        Console.WriteLine(
            string.Create(
                c,
                $"  needs review       {r.Flagged} ({rate:F1}% of labels){Reasons(r.ReviewReasons)}"));
        Console.WriteLine(
            string.Create(c, $"  mean agreement     {(r.MeanAgreement is { } a ? a.ToString("F3", c) : "n/a")}"));
        var lost = r.LostFiles.Values.Sum();
        Console.WriteLine(
            string.Create(
                c,
                $"  answers            {r.Answers} from {r.ResponseFiles} response files, {lost} of them lost" +
                $"{(lost == 0 ? "" : Reasons(r.LostFiles) + ": see failures")}; {files} files read (both passes), " +
                $"{elapsed.TotalSeconds:F1} s, {r.Lines / Math.Max(elapsed.TotalSeconds, 1e-3):F0} objects/s"));
        if (r.Retries is { } retries) Console.WriteLine($"  S3 requests        {retries}");
        Console.WriteLine($"  output manifest    {outPath}");
        Console.WriteLine($"  failures           {failuresPath}");
        Console.WriteLine($"  counts             {ReconsolidationSummary.PathOf(outPath)} (shown by gtpose report)");
    }

    private static string Reasons(IReadOnlyDictionary<string, int> reasons) =>
        reasons.Count == 0 ? "" : $" ({string.Join(", ", reasons.Select(p => $"{p.Key}: {p.Value}"))})";

    /// <summary>
    /// A temporary file, moved into place (a local path) or uploaded (an s3:// URI) only when complete: a run that
    /// fails leaves no partial output where the output belongs.
    /// </summary>
    private sealed class Sink : IAsyncDisposable
    {
        private readonly S3Uri? _uri;
        private readonly string? _target;
        private readonly string _path;
        private bool _moved;

        private Sink(S3Uri? uri, string? target, string path)
        {
            _uri = uri;
            _target = target;
            _path = path;
            Stream = new FileStream(
                path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, useAsync: true);
        }

        public FileStream Stream { get; }

        public static Sink Open(string location)
        {
            if (S3Uri.TryParse(location, out var uri)) return new Sink(uri, null, Path.GetTempFileName());
            var folder = Path.GetDirectoryName(Path.GetFullPath(location));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            return new Sink(null, location, location + ".partial");
        }

        public async Task CommitAsync(IObjectStore store, string contentType, CancellationToken cancellationToken)
        {
            await Stream.FlushAsync(cancellationToken);
            if (_uri is { } uri)
            {
                Stream.Position = 0;
                await store.WriteAsync(uri, Stream, contentType, cancellationToken);
                return;
            }
            await Stream.DisposeAsync();
            File.Move(_path, _target!, overwrite: true);
            _moved = true;
        }

        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync();
            if (!_moved) File.Delete(_path);
        }
    }
}
