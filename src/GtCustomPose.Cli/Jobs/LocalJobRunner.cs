using System.Globalization;
using System.Text;
using System.Text.Json;
using GtCustomPose.Cli.Templates;
using GtCustomPose.Core;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Pre;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Simulation;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Cli.Jobs;

/// <summary>Settings of a local labeling job.</summary>
internal sealed record JobOptions
{
    public required string Manifest { get; init; }
    public required string OutDir { get; init; }
    public required Rig Rig { get; init; }
    public required IObjectStore Store { get; init; }
    /// <summary>How a task page reaches an s3:// URI (grant_read_access stands in for a presigned URL).</summary>
    public required Func<string, string> GrantReadAccess { get; init; }
    public string LabelAttribute { get; init; } = "pose";
    public string JobName { get; init; } = "gtpose-local-job";
    public string OutputBucket { get; init; } = "gtpose-local";
    public string? AnswersFile { get; init; }
    public int SimulateWorkers { get; init; }
    public int Seed { get; init; } = 7;
    public string? ChainedLabelAttribute { get; init; }
    public required string TemplateFile { get; init; }
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
    public ConsolidationOptions Consolidation { get; init; } = ConsolidationOptions.Default;
}

/// <summary>What a local job did; printed as the summary and written to summary.json.</summary>
internal sealed record JobSummary(
    string JobName,
    int Objects,
    int HumanTasks,
    int Skipped,
    int Labeled,
    int Failed,
    int NeedsReview,
    int Answers,
    int Workers,
    double? MeanAgreement,
    double? MeanOksVsTruth,
    IReadOnlyDictionary<string, int> ReviewReasons,
    string OutputManifest,
    string TasksFolder,
    string Failures);

/// <summary>
/// Plays Ground Truth on one machine: the PreAnnotation function for every manifest line, the worker template rendered
/// into task pages, worker answers (recorded or simulated) stored like Ground Truth stores them, consolidation requests
/// in batches of 10 and then up to 1,000 through the PostAnnotation function, and the output manifest.
/// </summary>
internal sealed class LocalJobRunner(JobOptions options, TextWriter progress)
{
    private const int FirstBatch = 10, MaxBatch = 1000;

    public async Task<JobSummary> RunAsync(CancellationToken cancellationToken)
    {
        var o = options;
        Directory.CreateDirectory(o.OutDir);
        var tasksDir = Path.Combine(o.OutDir, "tasks");
        Directory.CreateDirectory(tasksDir);
        var arn = $"arn:aws:sagemaker:us-west-2:111122223333:labeling-job/{o.JobName}";
        var lines = (await File.ReadAllLinesAsync(o.Manifest, cancellationToken).ConfigureAwait(false)).Select((text, i) => (Text: text, Index: i)).Where(l => !string.IsNullOrWhiteSpace(l.Text)).ToList();
        var failures = new List<(int Line, string Reason)>();
        var pre = new PreAnnotation.Function(new PreAnnotationSettings(o.Rig, o.ChainedLabelAttribute));
        var renderer = new LiquidRenderer(o.GrantReadAccess);
        var template = await File.ReadAllTextAsync(o.TemplateFile, cancellationToken).ConfigureAwait(false);
        var tasks = new List<(int Index, JsonElement Line, JsonElement TaskInput)>();
        var skipped = new HashSet<int>();

        foreach (var (text, index) in lines)
        {
            JsonElement line;
            try { line = JsonDocument.Parse(text).RootElement.Clone(); }
            catch (JsonException e) { failures.Add((index + 1, $"not a JSON object: {e.Message}")); continue; }
            var evt = $$"""{"version": "2018-10-16", "labelingJobArn": {{JsonSerializer.Serialize(arn, Json.CliJsonContext.Default.String)}}, "dataObject": {{text}}}""";
            try
            {
                await using var response = await pre.FunctionHandler(new MemoryStream(Encoding.UTF8.GetBytes(evt))).ConfigureAwait(false);
                var result = JsonDocument.Parse(response).RootElement.Clone();
                if (result.TryGetProperty("isHumanAnnotationRequired", out var h) && h.ValueKind == JsonValueKind.False) { skipped.Add(index); continue; }
                var input = result.GetProperty("taskInput");
                tasks.Add((index, line, input));
                await File.WriteAllTextAsync(Path.Combine(tasksDir, $"{index:D5}.html"), renderer.Render(template, input), cancellationToken).ConfigureAwait(false);
            }
            catch (DataObjectException e)
            {
                failures.Add((index + 1, e.Message));
            }
            Progress("pre-annotation", tasks.Count + failures.Count + skipped.Count, lines.Count);
        }

        var answers = await CollectAnswersAsync(tasks, cancellationToken).ConfigureAwait(false);
        var labels = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var post = new PostAnnotation.Function(o.Rig, o.Store, new BatchOptions { Log = _ => { }, Consolidation = o.Consolidation });
        var prefix = $"{o.JobName}/annotations";
        var batches = Batches(tasks).ToList();
        for (var b = 0; b < batches.Count; b++)
        {
            var payload = new StringBuilder("[");
            foreach (var (index, line, _) in batches[b])
            {
                if (payload.Length > 1) payload.Append(',');
                var refs = new List<string>();
                foreach (var (worker, content) in answers.GetValueOrDefault(index, []))
                {
                    // Answers are stored as Ground Truth stores them and referenced by s3Uri, the path the public samples never read.
                    var uri = new S3Uri(o.OutputBucket, $"{prefix}/worker-response/iteration-1/{index}/{Safe(worker)}.json");
                    await o.Store.WriteAsync(uri, Encoding.UTF8.GetBytes(content), "application/json", cancellationToken).ConfigureAwait(false);
                    refs.Add($$$"""{"workerId": {{{Quote(worker)}}}, "annotationData": {"s3Uri": {{{Quote(uri.ToString())}}}}}""");
                }
                var source = line.TryGetProperty("source-ref", out var s) ? $$"""{"s3Uri": {{Quote(s.GetString() ?? "")}}}""" : """{"content": "inline"}""";
                payload.Append(CultureInfo.InvariantCulture, $$"""{"datasetObjectId": "{{index}}", "dataObject": {{source}}, "annotations": [{{string.Join(",", refs)}}]}""");
            }
            payload.Append(']');
            var payloadUri = new S3Uri(o.OutputBucket, $"{prefix}/consolidated-annotation/consolidation-request/iteration-1/batch-{b + 1:D4}.json");
            await o.Store.WriteAsync(payloadUri, Encoding.UTF8.GetBytes(payload.ToString()), "application/json", cancellationToken).ConfigureAwait(false);
            var evt = $$$"""{"version": "2018-10-16", "labelingJobArn": {{{Quote(arn)}}}, "labelCategories": null, "labelAttributeName": {{{Quote(o.LabelAttribute)}}}, "roleArn": "arn:aws:iam::111122223333:role/GroundTruthLocal", "payload": {"s3Uri": {{{Quote(payloadUri.ToString())}}}}}""";
            await using var response = await post.FunctionHandler(new MemoryStream(Encoding.UTF8.GetBytes(evt))).ConfigureAwait(false);
            foreach (var entry in JsonDocument.Parse(response).RootElement.EnumerateArray())
                labels[entry.GetProperty("datasetObjectId").GetString()!] = entry.GetProperty("consolidatedAnnotation").GetProperty("content").GetProperty(o.LabelAttribute).Clone();
            Progress("consolidation batch", b + 1, batches.Count);
        }

        return await WriteOutputsAsync(lines, tasks, skipped, labels, answers, failures, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JobSummary> WriteOutputsAsync(List<(string Text, int Index)> lines, List<(int Index, JsonElement Line, JsonElement TaskInput)> tasks, HashSet<int> skipped,
        Dictionary<string, JsonElement> labels, Dictionary<int, List<(string Worker, string Content)>> answers, List<(int Line, string Reason)> failures, CancellationToken cancellationToken)
    {
        var o = options;
        var manifestPath = Path.Combine(o.OutDir, "output.manifest");
        var creation = o.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        double agreementSum = 0, oksSum = 0;
        int agreementCount = 0, oksCount = 0, review = 0;
        await using (var manifest = new StreamWriter(manifestPath, false, new UTF8Encoding(false)))
        {
            foreach (var (text, index) in lines)
            {
                if (skipped.Contains(index)) { await manifest.WriteLineAsync(text).ConfigureAwait(false); continue; }
                if (!labels.TryGetValue(index.ToString(CultureInfo.InvariantCulture), out var label))
                {
                    if (tasks.Any(t => t.Index == index)) failures.Add((index + 1, "no usable worker answer: Ground Truth marks the object failed"));
                    continue;
                }
                await manifest.WriteLineAsync(OutputLine(text, label, creation)).ConfigureAwait(false);
                if (label.GetProperty("needs_review").GetBoolean()) review++;
                foreach (var r in label.GetProperty("review_reasons").EnumerateArray()) reasons[r.GetString()!] = reasons.GetValueOrDefault(r.GetString()!) + 1;
                foreach (var i in label.GetProperty("instances").EnumerateArray())
                    if (i.TryGetProperty("agreement", out var a) && a.ValueKind == JsonValueKind.Number) { agreementSum += a.GetDouble(); agreementCount++; }
                var line = tasks.First(t => t.Index == index).Line;
                if (Truth(line) is { } truth)
                {
                    var predicted = InstanceReader.Read(label, o.Rig, "label", []) ?? [];
                    oksSum += Evaluation.MeanOks(truth.Instances, predicted.Select(p => Evaluation.ToArrays(p.Keypoints, o.Rig)).ToList(), o.Rig);
                    oksCount++;
                }
            }
        }
        var failuresPath = Path.Combine(o.OutDir, "failures.jsonl");
        await File.WriteAllLinesAsync(failuresPath, failures.OrderBy(f => f.Line).Select(f => $$"""{"line": {{f.Line}}, "reason": {{Quote(f.Reason)}}}"""), cancellationToken).ConfigureAwait(false);
        var summary = new JobSummary(o.JobName, lines.Count, tasks.Count, skipped.Count, labels.Count, failures.Count, review,
            answers.Values.Sum(a => a.Count), answers.Values.SelectMany(a => a.Select(x => x.Worker)).Distinct().Count(),
            agreementCount == 0 ? null : Math.Round(agreementSum / agreementCount, 3), oksCount == 0 ? null : Math.Round(oksSum / oksCount, 3),
            reasons, manifestPath, Path.Combine(o.OutDir, "tasks"), failuresPath);
        await File.WriteAllTextAsync(Path.Combine(o.OutDir, "summary.json"), JsonSerializer.Serialize(summary, Json.CliJsonContext.Default.JobSummary), cancellationToken).ConfigureAwait(false);
        return summary;
    }

    private string OutputLine(string text, JsonElement label, string creation)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var p in JsonDocument.Parse(text).RootElement.EnumerateObject())
                if (p.Name != options.LabelAttribute && p.Name != options.LabelAttribute + "-metadata") p.WriteTo(w);
            w.WritePropertyName(options.LabelAttribute);
            label.WriteTo(w);
            w.WriteStartObject(options.LabelAttribute + "-metadata");
            w.WriteString("type", "groundtruth/custom");
            w.WriteString("job-name", options.JobName);
            w.WriteString("human-annotated", "yes");
            w.WriteString("creation-date", creation);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private async Task<Dictionary<int, List<(string Worker, string Content)>>> CollectAnswersAsync(List<(int Index, JsonElement Line, JsonElement TaskInput)> tasks, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, List<(string, string)>>();
        if (options.AnswersFile is { } file)
        {
            var byRef = tasks.Where(t => t.Line.TryGetProperty("source-ref", out _)).GroupBy(t => t.Line.GetProperty("source-ref").GetString()!).ToDictionary(g => g.Key, g => g.First().Index, StringComparer.Ordinal);
            var number = 0;
            foreach (var text in await File.ReadAllLinesAsync(file, cancellationToken).ConfigureAwait(false))
            {
                number++;
                if (string.IsNullOrWhiteSpace(text)) continue;
                var (index, worker, content) = RecordedAnswer(text, number, byRef);
                if (!result.TryGetValue(index, out var list)) result[index] = list = [];
                list.Add((worker, content));
            }
            return result;
        }
        if (options.SimulateWorkers <= 0) throw new ArgumentException("give --answers FILE or --simulate-workers N");
        var simulator = new WorkerSimulator(options.Rig, new SimulationSettings { WorkersPerObject = options.SimulateWorkers }, options.Seed);
        foreach (var (index, line, input) in tasks)
        {
            var truth = Truth(line);
            var size = truth?.Size ?? new ImageSize(1280, 720);
            var instances = truth?.Instances ?? FromInitialValues(input) ?? [simulator.RandomFigure(size)];
            var uri = line.TryGetProperty("source-ref", out var s) ? s.GetString()! : "inline";
            result[index] = simulator.Answers(instances, size, uri).Select(a => (a.WorkerId, a.Content)).ToList();
        }
        return result;
    }

    private static (int, string, string) RecordedAnswer(string text, int number, Dictionary<string, int> byRef)
    {
        using var doc = JsonDocument.Parse(text);
        var r = doc.RootElement;
        int index;
        if (r.TryGetProperty("line", out var l) && l.TryGetInt32(out var n)) index = n - 1;
        else if (r.TryGetProperty("source-ref", out var s) && byRef.TryGetValue(s.GetString() ?? "", out var i)) index = i;
        else throw new FormatException($"answers line {number}: needs 'source-ref' of a manifest line or 'line' (1-based)");
        var worker = r.TryGetProperty("workerId", out var w) ? w.GetString() ?? $"worker-{number}" : $"worker-{number}";
        var content = r.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()!
            : r.TryGetProperty("answer", out var a) ? a.GetRawText()
            : throw new FormatException($"answers line {number}: needs 'answer' (an object) or 'content' (a JSON string)");
        return (index, worker, content);
    }

    private (IReadOnlyList<TruthInstance> Instances, ImageSize Size)? Truth(JsonElement line)
    {
        if (!line.TryGetProperty(SampleData.TruthKey, out var t)) return null;
        var size = t.TryGetProperty("image_size", out var s) ? new ImageSize(s.GetProperty("width").GetInt32(), s.GetProperty("height").GetInt32()) : new ImageSize(1280, 720);
        return (ToTruth(InstanceReader.Read(t, options.Rig, SampleData.TruthKey, []) ?? []), size);
    }

    /// <summary>Skeletons taken as the truth of a simulation: placed keypoints are the visible ones.</summary>
    private List<TruthInstance> ToTruth(IEnumerable<SkeletonInstance> instances) => instances.Select(i =>
    {
        var (x, y) = Evaluation.ToArrays(i.Keypoints, options.Rig);
        return new TruthInstance(x, y, x.Select(v => !double.IsNaN(v)).ToArray());
    }).ToList();

    private List<TruthInstance>? FromInitialValues(JsonElement input)
    {
        var instances = InstanceReader.Read(input.GetProperty("initial_values"), options.Rig, "initial_values", []);
        return instances is { Count: > 0 } ? ToTruth(instances) : null;
    }

    private static IEnumerable<List<T>> Batches<T>(List<T> items)
    {
        var start = 0;
        var size = FirstBatch;
        while (start < items.Count)
        {
            yield return items.GetRange(start, Math.Min(size, items.Count - start));
            start += size;
            size = MaxBatch;
        }
    }

    private void Progress(string step, int done, int total)
    {
        if (done == total || done % 100 == 0) progress.WriteLine($"{step}: {done}/{total}");
    }

    private static string Quote(string s) => JsonSerializer.Serialize(s, Json.CliJsonContext.Default.String);

    private static string Safe(string worker) => new(worker.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
}
