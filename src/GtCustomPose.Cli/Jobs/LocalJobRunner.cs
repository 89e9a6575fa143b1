using System.Globalization;
using System.Text;
using System.Text.Json;
using GtCustomPose.Cli.Templates;
using GtCustomPose.Core;
using GtCustomPose.Core.Batch;

namespace GtCustomPose.Cli.Jobs;

/// <summary>
/// Plays Ground Truth on one machine, in phases: check (manifest, answers, images, before any work), pre-annotation
/// (the PreAnnotation function for every manifest line, the worker template rendered into task pages), answers
/// (recorded or simulated), consolidation (requests cut as Ground Truth cuts them, through the PostAnnotation
/// function) and outputs. The store holds what a real job's S3 output holds, laid out the same
/// (<see cref="JobLayout"/>).
/// </summary>
internal sealed class LocalJobRunner
{
    private readonly JobOptions _options;
    private readonly JobProgress _progress;
    private readonly JobLayout _layout;
    private readonly string _arn;
    private readonly DateTimeOffset _now;

    public LocalJobRunner(JobOptions options, TextWriter progress) : this(options, JobProgress.Plain(progress))
    {
    }

    public LocalJobRunner(JobOptions options, JobProgress progress)
    {
        _options = options;
        _progress = progress;
        _layout = new JobLayout(options.OutputBucket, options.JobName);
        _arn = $"arn:aws:sagemaker:us-west-2:111122223333:labeling-job/{options.JobName}";
        _now = options.Time.GetUtcNow();
    }

    private string TasksDir => Path.Combine(_options.OutDir, "tasks");

    public async Task<JobSummary> RunAsync(CancellationToken cancellationToken)
    {
        var o = _options;
        var manifest = await JobManifest.ReadAsync(o.Manifest, cancellationToken).ConfigureAwait(false);
        var recorded = o.AnswersFile is { } file
            ? await RecordedAnswers.ReadAsync(file, manifest, cancellationToken).ConfigureAwait(false)
            : null;
        if (recorded is null && o.SimulateWorkers is < 1 or > 9)
            throw new UsageError("no answers to consolidate: give --answers FILE (recorded answers, JSON Lines) or " +
                "--simulate-workers N (1 to 9)");
        if (!File.Exists(o.TemplateFile))
            throw new UserError($"{o.TemplateFile}: no such task template; give --template FILE (a Liquid worker " +
                "task template)");
        var simulation = recorded is null ? new SimulatedAnswers(o) : null;
        var sizes = await JobImages.CheckAsync(o.Store, manifest, simulation, _progress,
            cancellationToken).ConfigureAwait(false);

        Directory.CreateDirectory(TasksDir);
        var pre = await PreAnnotateAsync(manifest, cancellationToken).ConfigureAwait(false);
        var answers = recorded ?? simulation!.Answers(pre.Tasks, sizes);
        var labels = await ConsolidateAsync(pre.Tasks, answers, cancellationToken).ConfigureAwait(false);
        var outputs = new JobOutputs(o, _layout, _now);
        return await outputs.WriteAsync(manifest, pre, labels, answers, cancellationToken).ConfigureAwait(false);
    }

    private async Task<PreAnnotated> PreAnnotateAsync(JobManifest manifest, CancellationToken cancellationToken)
    {
        var result = new PreAnnotated();
        var function = new PreAnnotation.Function(_options.PreAnnotationSettings);
        var renderer = new LiquidRenderer(_options.GrantReadAccess);
        var template = await File.ReadAllTextAsync(_options.TemplateFile, cancellationToken).ConfigureAwait(false);
        var step = _progress.Start("pre-annotation", manifest.Lines.Count);
        for (var index = 0; index < manifest.Lines.Count; index++)
        {
            var text = manifest.Lines[index];
            if (string.IsNullOrWhiteSpace(text)) result.Failures.Add((index + 1, "blank line: no data object"));
            else if (Parse(text) is not { } line) result.Failures.Add((index + 1, "not a JSON object"));
            else
            {
                var evt = $$"""{"version": "2018-10-16", "labelingJobArn": {{Quote(_arn)}}, "dataObject": {{text}}}""";
                try
                {
                    var request = new MemoryStream(Encoding.UTF8.GetBytes(evt));
                    await using var response = await function.FunctionHandler(request).ConfigureAwait(false);
                    using var doc = await JsonDocument.ParseAsync(response,
                        cancellationToken: cancellationToken).ConfigureAwait(false);
                    if (doc.RootElement.TryGetProperty("isHumanAnnotationRequired", out var h)
                        && h.ValueKind == JsonValueKind.False)
                    {
                        result.Skipped.Add(index);
                    }
                    else
                    {
                        var input = doc.RootElement.GetProperty("taskInput").Clone();
                        result.Tasks.Add(new JobTask(index, line, input));
                        await RenderTaskPageAsync(renderer, template, index, input,
                            cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (DataObjectException e)
                {
                    result.Failures.Add((index + 1, e.Message));
                }
            }
            step.Advance();
        }
        return result;
    }

    // The one place a task page is rendered.
    private Task RenderTaskPageAsync(LiquidRenderer renderer, string template, int index, JsonElement taskInput,
        CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(
            Path.Combine(TasksDir, $"{index:D5}.html"), TaskPage.Render(renderer, template, taskInput),
            cancellationToken);

    /// <summary>Stores every answer as Ground Truth does and consolidates the answered objects, request by request.
    /// </summary>
    private async Task<ConsolidationResult> ConsolidateAsync(
        List<JobTask> tasks, Dictionary<int, List<(string Worker, string Content)>> answers,
            CancellationToken cancellationToken)
    {
        var o = _options;
        var result = new ConsolidationResult();
        var post = new PostAnnotation.Function(o.Rig, o.Store,
            new BatchOptions { Consolidation = o.Consolidation, AllowedBuckets = o.AllowedBuckets, Log = _ => { } });
        // Objects nobody answered are left out of the requests, as Ground Truth leaves out tasks that expired.
        var answered = tasks.Where(t => answers.GetValueOrDefault(t.Index) is { Count: > 0 }).ToList();
        var batches = ConsolidationBatches.Cut(answered, o.BatchSize).ToList();
        var step = _progress.Start("consolidation", batches.Count, lineEvery: 1);
        for (var b = 0; b < batches.Count; b++)
        {
            var sent = _now.AddSeconds(b);
            var payload = new StringBuilder("[");
            foreach (var task in batches[b])
            {
                if (payload.Length > 1) payload.Append(',');
                payload.Append(await PayloadEntryAsync(task, answers[task.Index],
                    cancellationToken).ConfigureAwait(false));
            }
            payload.Append(']');
            var request = _layout.ConsolidationRequest(sent);
            await o.Store.WriteAsync(request, Encoding.UTF8.GetBytes(payload.ToString()), "application/json",
                cancellationToken).ConfigureAwait(false);
            var evt = $$$"""
                {"version": "2018-10-16", "labelingJobArn": {{{Quote(_arn)}}}, "labelCategories": null,
                 "labelAttributeName": {{{Quote(o.LabelAttribute)}}},
                 "roleArn": "arn:aws:iam::111122223333:role/GroundTruthLocal",
                 "payload": {"s3Uri": {{{Quote(request.ToString())}}}}}
                """;
            var input = new MemoryStream(Encoding.UTF8.GetBytes(evt));
            await using var response = await post.FunctionHandler(input).ConfigureAwait(false);
            var bytes = new MemoryStream();
            await response.CopyToAsync(bytes, cancellationToken).ConfigureAwait(false);
            await o.Store.WriteAsync(_layout.ConsolidationResponse(sent), bytes.ToArray(), "application/json",
                cancellationToken).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(bytes.ToArray());
            foreach (var entry in doc.RootElement.EnumerateArray())
            {
                var content = entry.GetProperty("consolidatedAnnotation").GetProperty("content");
                var label = content.GetProperty(o.LabelAttribute).Clone();
                var id = int.Parse(entry.GetProperty("datasetObjectId").GetString()!, CultureInfo.InvariantCulture);
                result.Labels[id] = label;
            }
            result.BatchSizes.Add(batches[b].Count);
            step.Advance($"{batches[b].Count} objects");
        }
        return result;
    }

    /// <summary>Writes the object's worker-response files and returns its entry of the consolidation request.</summary>
    private async Task<string> PayloadEntryAsync(JobTask task, List<(string Worker, string Content)> answers,
        CancellationToken cancellationToken)
    {
        var id = task.Index.ToString(CultureInfo.InvariantCulture);
        var annotations = new List<string>();
        for (var k = 0; k < answers.Count; k++)
        {
            var (worker, content) = answers[k];
            // One file per answer, each a second later than the one before, so keys never collide.
            var uri = _layout.WorkerResponse(id, _now.AddSeconds(k + 1));
            var file = JobLayout.WorkerResponseFile(worker, content, _now.AddSeconds(k + 1));
            await _options.Store.WriteAsync(uri, file, "application/json", cancellationToken).ConfigureAwait(false);
            annotations.Add($$$"""
                {"workerId": {{{Quote(worker)}}}, "annotationData": {"content": {{{Quote(content)}}}}}
                """);
        }
        var source = task.Line.TryGetProperty("source-ref", out var s) && s.ValueKind == JsonValueKind.String
            ? $$"""{"s3Uri": {{Quote(s.GetString()!)}}}"""
            : $$"""{"content": {{Quote(task.Line.TryGetProperty("source", out var c) ? c.ToString() : "")}}}""";
        return $$"""
            {"datasetObjectId": {{Quote(id)}}, "dataObject": {{source}},
             "annotations": [{{string.Join(",", annotations)}}]}
            """;
    }

    private static JsonElement? Parse(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Quote(string s) => Json.ReadableJson.Quote(s);
}

/// <summary>An object sent to workers: its manifest line index, the line, the task input PreAnnotation made.</summary>
internal sealed record JobTask(int Index, JsonElement Line, JsonElement TaskInput);

/// <summary>What pre-annotation did with each manifest line.</summary>
internal sealed class PreAnnotated
{
    public List<JobTask> Tasks { get; } = [];
    public HashSet<int> Skipped { get; } = [];
    /// <summary>1-based manifest line and why it failed.</summary>
    public List<(int Line, string Reason)> Failures { get; } = [];
}

/// <summary>The labels by object, and the size of each consolidation request.</summary>
internal sealed class ConsolidationResult
{
    public Dictionary<int, JsonElement> Labels { get; } = [];
    public List<int> BatchSizes { get; } = [];
}
