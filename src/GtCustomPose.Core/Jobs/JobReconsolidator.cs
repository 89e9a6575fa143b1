using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Jobs;

/// <summary>Settings of <see cref="JobReconsolidator"/>.</summary>
public sealed record ReconsolidationOptions
{
    /// <summary>The label attribute to write (the job's). Default <c>pose</c>.</summary>
    public string LabelAttribute { get; init; } = LabelAttributes.Default;

    /// <summary>Consolidation thresholds; their worker noise and facing assumptions, when given, win over the job's
    /// estimates.</summary>
    public ConsolidationOptions Consolidation { get; init; } = ConsolidationOptions.Default;

    /// <summary>Worker-response files fetched at once. Default 32.</summary>
    public int MaxConcurrentReads { get; init; } = 32;

    /// <summary>Objects read ahead and consolidated at once; memory is bounded by it, not by the job. Default
    /// 64.</summary>
    public int Window { get; init; } = 64;

    /// <summary>Written as <c>creation-date</c> of every label. Default: now.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Receives one line per event worth logging (counts and timings; never answers or worker ids).</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>What a re-consolidation wrote.</summary>
/// <param name="Lines">Manifest lines read (every line, blank ones included).</param>
/// <param name="Objects">Lines written to the output (JSON objects), labeled or not.</param>
/// <param name="Labeled">Lines written with a label.</param>
/// <param name="Flagged">Labels that need review.</param>
/// <param name="NoLabel">Lines written without a label (no response, or no usable answer); each is in the
/// failures.</param>
/// <param name="Rejected">Lines not written: blank or not a JSON object; each is in the failures.</param>
/// <param name="Answers">Answers read in the labels pass.</param>
/// <param name="ReviewReasons">How many labels give each review reason.</param>
/// <param name="MeanAgreement">Mean agreement of the labels' skeletons; null without any.</param>
public sealed record ReconsolidationResult(
    int Lines, int Objects, int Labeled, int Flagged, int NoLabel, int Rejected, int Answers,
    IReadOnlyDictionary<string, int> ReviewReasons, double? MeanAgreement)
{
    /// <summary>Response files the labels pass listed for its lines.</summary>
    public long ResponseFiles { get; init; }

    /// <summary>Response files the labels pass found unusable, by cause (the S3 error code, or <c>not a
    /// response</c>); their objects carry <c>unreadable_answer</c> with the error.</summary>
    public IReadOnlyDictionary<string, int> LostFiles { get; init; } = new Dictionary<string, int>();

    /// <summary>What the store's retries did over both passes; null for a store that does not retry.</summary>
    public string? Retries { get; init; }

    /// <summary>The labels pass's response files listed, read and lost, and the S3 requests retried over both
    /// passes of this run.</summary>
    public AnswerCounts Counts { get; init; } = AnswerCounts.None;
}

/// <summary>
/// Consolidates every object of a finished labeling job again from the job's stored worker responses, with each
/// worker's click noise and the crowd's facing habits estimated over the whole job instead of one consolidation batch,
/// so the labels no longer depend on how Ground Truth cut the batches. Two passes over the responses, memory flat in
/// the object count: <see cref="EstimateAsync"/> (statistics), then <see cref="WriteLabelsAsync"/> (one output line
/// per input line, in order).
/// </summary>
public sealed partial class JobReconsolidator(
    IResponseSource responses, JobOutputLayout layout, Rig rig, ReconsolidationOptions? options = null)
{
    private readonly ReconsolidationOptions _options = options ?? new ReconsolidationOptions();
    private readonly IResponseSource _reader = responses;
    private readonly RetrySnapshot? _retriesAtStart = responses.Retries is { } r ? RetrySnapshot.Of(r) : null;

    /// <summary>Re-consolidates one job from its own stored responses.</summary>
    public JobReconsolidator(
        IObjectStore store, JobOutputLayout layout, Rig rig, ReconsolidationOptions? options = null)
        : this(
            new JobResponseReader(store, layout, rig, (options ?? new ReconsolidationOptions()).MaxConcurrentReads),
            layout, rig, options)
    {
    }

    /// <summary>Worker-response files read so far, both passes.</summary>
    public long FilesRead => _reader.FilesRead;

    /// <summary>Response files the labels pass listed and lost so far, and the S3 requests retried since this
    /// reconsolidator was made.</summary>
    public AnswerCounts Counts =>
        AnswerCounts.Of(_reader.FilesListed, _reader.FilesLost.ByCause, _reader.Retries, _retriesAtStart);

    /// <summary>
    /// Pass 1: the job's statistics, from one listing of all its worker responses. The answers stream through
    /// <see cref="BatchEstimator"/>s (one per core, merged exactly), which keep only their per-worker figures, never
    /// the answers.
    /// </summary>
    public async Task<BatchEstimates> EstimateAsync(CancellationToken cancellationToken = default)
    {
        var estimator = await EstimateObjectsAsync(
            _reader.ReadAllAsync(_options.Window, cancellationToken), cancellationToken).ConfigureAwait(false);
        return Build(estimator);
    }

    /// <summary>The estimates of <paramref name="estimator"/>, logged.</summary>
    private BatchEstimates Build(BatchEstimator estimator)
    {
        var estimates = estimator.Build();
        _options.Log?.Invoke(
            string.Create(
                CultureInfo.InvariantCulture,
                $"job statistics from {estimator.Objects} objects: noise of {estimates.WorkerNoise.Count} workers; " +
                $"{estimates.Facing.LogText()}"));
        return estimates;
    }

    /// <summary>The statistics of <paramref name="objects"/> (those with a response file), through
    /// <see cref="JobStatistics"/>.</summary>
    private Task<BatchEstimator> EstimateObjectsAsync(
        IAsyncEnumerable<ObjectResponses> objects, CancellationToken cancellationToken) =>
        JobStatistics.EstimateAsync(
            Answered(objects, cancellationToken), rig, _options.Consolidation, _options.Window, cancellationToken);

    private static async IAsyncEnumerable<IReadOnlyList<WorkerAnswer>> Answered(
        IAsyncEnumerable<ObjectResponses> objects,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var o in objects.WithCancellation(cancellationToken).ConfigureAwait(false))
            if (o.Files > 0) yield return o.Answers;
    }

    /// <summary>The consolidation options the labels pass uses: the job's estimates, with values the caller gave
    /// kept.</summary>
    public ConsolidationOptions Pooled(BatchEstimates estimates) =>
        JobStatistics.Pool(_options.Consolidation, estimates);

    /// <summary>Both passes: statistics, then labels for every line of the manifest <paramref name="openManifest"/>
    /// opens.</summary>
    public async Task<ReconsolidationResult> RunAsync(
        Func<CancellationToken,
        Task<Stream>> openManifest,
        Stream output,
        Stream failures,
        CancellationToken cancellationToken = default)
    {
        var estimates = await EstimateAsync(cancellationToken).ConfigureAwait(false);
        await using var manifest = await openManifest(cancellationToken).ConfigureAwait(false);
        return await WriteLabelsAsync(
            manifest, Pooled(estimates), output, failures, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Pass 2: reads the manifest line by line and writes each JSON line to <paramref name="output"/>, in order, with
    /// the label attribute set to the object's re-consolidated label (the object id is the line's 0-based position)
    /// and its metadata; a line whose object has no usable answer is written without the label. Every line that has no
    /// label or is not written goes to <paramref name="failures"/> as <c>{"line", "object_id", "reason"}</c>.
    /// </summary>
    /// <param name="manifest">The job's input manifest (or its output manifest, which keeps every line in
    /// order).</param>
    /// <param name="consolidation">From <see cref="Pooled"/>.</param>
    /// <param name="output">Receives the output manifest, UTF-8 JSON Lines.</param>
    /// <param name="failures">Receives the failures, JSON Lines.</param>
    /// <param name="firstLine">Lines before this 0-based position are skipped (a shard's first line).</param>
    /// <param name="lineCount">Lines processed from <paramref name="firstLine"/> on; null for all the rest.</param>
    /// <param name="statisticsReads">What the shard's statistics pass read (<see cref="EstimateShardAsync"/>), when
    /// it ran in another process: every object's files must match it. Null: not checked here.</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <exception cref="JobStepException">An object's files differ from <paramref name="statisticsReads"/>.
    /// </exception>
    public async Task<ReconsolidationResult> WriteLabelsAsync(
        Stream manifest, ConsolidationOptions consolidation, Stream output, Stream failures,
        int firstLine = 0, int? lineCount = null, ShardReads? statisticsReads = null,
        CancellationToken cancellationToken = default)
    {
        var writer = new LineWriter(this, output, failures);
        var pending = new Queue<Task<Outcome>>();
        using var reader = new StreamReader(
            manifest, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var position = 0;
        var end = lineCount is { } n ? (long)firstLine + n : long.MaxValue;
        while (position < end && await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            if (position < firstLine) { position++; continue; }
            pending.Enqueue(ProcessAsync(position++, text, consolidation, statisticsReads, cancellationToken));
            while (pending.Count >= Math.Max(1, _options.Window)) await writer.WriteAsync(
                await pending.Dequeue().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        while (pending.Count > 0) await writer.WriteAsync(
            await pending.Dequeue().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        await failures.FlushAsync(cancellationToken).ConfigureAwait(false);
        var result = writer.Result(Math.Max(0, position - firstLine)) with
        {
            ResponseFiles = _reader.FilesListed,
            LostFiles = _reader.FilesLost.ByCause,
            Retries = _reader.Retries?.Summary(),
            Counts = Counts,
        };
        _options.Log?.Invoke(
            $"labels written: {result.Lines} lines, {result.Labeled} labeled, {result.Flagged} need review, " +
            $"{result.NoLabel} without a label, {result.Rejected} not JSON objects; {result.Answers} answers from " +
            $"{result.ResponseFiles} response files, {_reader.FilesLost} lost" +
            (result.Retries is { } r ? $"; S3 requests: {r}" : ""));
        return result;
    }

    private async Task<Outcome> ProcessAsync(
        int position, string text, ConsolidationOptions consolidation, ShardReads? statisticsReads,
        CancellationToken cancellationToken)
    {
        var id = position.ToString(CultureInfo.InvariantCulture);
        if (string.IsNullOrWhiteSpace(text)) return new Outcome(position, text, null, "blank line", 0);
        if (!LooksLikeObject(text)) return new Outcome(position, text, null, "not a JSON object", 0);
        var responses = await _reader.ReadObjectAsync(id, cancellationToken).ConfigureAwait(false);
        statisticsReads?.Check(responses);
        if (responses.Files == 0)
            return new Outcome(
                position, text, null, "no worker response (not sent to workers, or its task expired)", 0);
        // Consolidation is pure CPU: objects of the window are consolidated in parallel.
        return await Task.Run(() =>
        {
            ConsolidatedLabel? label;
            try
            {
                label = Consolidator.Consolidate(
                    responses.Answers, rig, null, RepeatedWorkers.HalfWeight(consolidation, responses));
                if (label is not null) label = RepeatedWorkers.Noted(label, responses);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new Outcome(
                    position,
                    text,
                    null,
                    $"consolidation failed: {e.GetType().Name}: {e.Message}",
                    responses.Answers.Count);
            }
            if (label is not null)
                return new Outcome(
                    position, text, label, null, responses.Answers.Count, responses.PooledJobs,
                    responses.RepeatedWorkers?.Count ?? 0);
            var why = responses.Answers.Select(a => a.Problems.FirstOrDefault()).FirstOrDefault(p => p is not null);
            return new Outcome(
                position,
                text,
                null,
                $"none of its {responses.Answers.Count} answers is usable{(why is null ? "" : ": " + why)}",
                responses.Answers.Count);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static bool LooksLikeObject(string text)
    {
        var t = text.AsSpan().TrimStart();
        return t.Length > 0 && t[0] == '{';
    }

    private sealed record Outcome(
        int Position, string Text, ConsolidatedLabel? Label, string? Failure, int Answers,
        IReadOnlyList<string>? PooledJobs = null, int RepeatedWorkers = 0);

    /// <summary>Writes outcomes in order and keeps the counts.</summary>
    /// <summary>The metadata key naming the second-level jobs whose answers a label pools (a re-labeled object).
    /// </summary>
    public const string PooledJobsKey = "pooled-jobs";

    /// <summary>The metadata key counting workers who answered the object in two pooled jobs.</summary>
    public const string RepeatedWorkersKey = "repeated-workers";

    private sealed class LineWriter(JobReconsolidator owner, Stream output, Stream failures)
    {
        private readonly ArrayBufferWriter<byte> _line = new(16 * 1024);
        private readonly SortedDictionary<string, int> _reasons = new(StringComparer.Ordinal);
        private readonly string _creation = (owner._options.Now ?? DateTimeOffset.UtcNow).UtcDateTime.ToString(
            "yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        private int _objects, _labeled, _flagged, _noLabel, _rejected, _answers, _instances;
        private double _agreement;

        public async Task WriteAsync(Outcome o, CancellationToken cancellationToken)
        {
            _answers += o.Answers;
            _line.ResetWrittenCount();
            var failure = o.Failure;
            if (failure is "blank line" || !TryWriteLine(o)) { _rejected++; failure ??= "not a JSON object"; }
            else
            {
                _objects++;
                _line.Write("\n"u8);
                await output.WriteAsync(_line.WrittenMemory, cancellationToken).ConfigureAwait(false);
                if (o.Label is { } label)
                {
                    _labeled++;
                    if (label.NeedsReview) _flagged++;
                    foreach (var r in label.ReviewReasons) _reasons[r] = _reasons.GetValueOrDefault(r) + 1;
                    foreach (var i in label.Instances)
                        if (i.Agreement is { } a) { _agreement += a; _instances++; }
                    return;
                }
                _noLabel++;
            }
            _line.ResetWrittenCount();
            using (var w = new Utf8JsonWriter(_line))
            {
                w.WriteStartObject();
                w.WriteNumber("line", o.Position + 1);
                w.WriteString("object_id", o.Position.ToString(CultureInfo.InvariantCulture));
                w.WriteString("reason", failure ?? "no label");
                w.WriteEndObject();
            }
            _line.Write("\n"u8);
            await failures.WriteAsync(_line.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }

        // The input line with the label attribute and its metadata replaced; false when the line is not a JSON object.
        private bool TryWriteLine(Outcome o)
        {
            var attribute = owner._options.LabelAttribute;
            var meta = LabelAttributes.Metadata(attribute);
            JsonDocument doc;
            try { doc = JsonDocument.Parse(o.Text); }
            catch (JsonException) { return false; }
            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object) return false;
                using var w = new Utf8JsonWriter(_line);
                w.WriteStartObject();
                JsonElement? oldMeta = null;
                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    if (p.NameEquals(meta)) { oldMeta = p.Value; continue; }
                    if (!p.NameEquals(attribute)) p.WriteTo(w);
                }
                if (o.Label is { } label)
                {
                    w.WritePropertyName(attribute);
                    JsonSerializer.Serialize(w, label, CoreJsonContext.Default.ConsolidatedLabel);
                    WriteMetadata(w, meta, oldMeta, o);
                }
                w.WriteEndObject();
            }
            return true;
        }

        // Ground Truth's metadata of the line (job name, type) kept; the date is the re-consolidation's, and it says
        // so.
        private void WriteMetadata(
            Utf8JsonWriter w, string name, JsonElement? old, Outcome outcome)
        {
            w.WriteStartObject(name);
            var has = new HashSet<string>(StringComparer.Ordinal);
            if (old is { ValueKind: JsonValueKind.Object } m)
                foreach (var p in m.EnumerateObject())
                {
                    if (p.Name is "creation-date" or "reconsolidated" or PooledJobsKey or RepeatedWorkersKey) continue;
                    p.WriteTo(w);
                    has.Add(p.Name);
                }
            if (!has.Contains("type")) w.WriteString("type", "groundtruth/custom");
            if (!has.Contains("job-name")) w.WriteString("job-name", owner.JobName);
            if (!has.Contains("human-annotated")) w.WriteString("human-annotated", "yes");
            w.WriteString("creation-date", _creation);
            w.WriteBoolean("reconsolidated", true);
            if (outcome.PooledJobs is { Count: > 0 } pooledJobs)
            {
                w.WriteStartArray(PooledJobsKey);
                foreach (var job in pooledJobs) w.WriteStringValue(job);
                w.WriteEndArray();
            }
            // A worker who answered in two pooled jobs: both answers kept at half weight (RepeatedWorkers).
            if (outcome.RepeatedWorkers > 0) w.WriteNumber(RepeatedWorkersKey, outcome.RepeatedWorkers);
            w.WriteEndObject();
        }

        public ReconsolidationResult Result(int lines) =>
            new(lines, _objects, _labeled, _flagged, _noLabel, _rejected, _answers, _reasons,
            _instances == 0 ? null : Math.Round(_agreement / _instances, 4));
    }

    private string JobName => layout.JobName;
}
