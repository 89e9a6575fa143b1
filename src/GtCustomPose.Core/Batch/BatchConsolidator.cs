using System.Text.Json;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Batch;

/// <summary>Settings of <see cref="BatchConsolidator"/>.</summary>
public sealed record BatchOptions
{
    /// <summary>Consolidation thresholds.</summary>
    public ConsolidationOptions Consolidation { get; init; } = ConsolidationOptions.Default;
    /// <summary>When set, only these buckets are read; any other URI is refused. Default: any bucket.</summary>
    public IReadOnlySet<string>? AllowedBuckets { get; init; }
    /// <summary>Answers fetched from S3 at once. Default 16.</summary>
    public int MaxConcurrentFetches { get; init; } = 16;
    /// <summary>
    /// Estimate each worker's click noise across the whole batch before consolidating (a worker labels many objects of a
    /// batch; one object's answers say little about who is careful). Costs a second matching pass, and the parsed answers
    /// are held until the payload is read. Default true.
    /// </summary>
    public bool PoolWorkerNoise { get; init; } = true;
    /// <summary>
    /// Batches with more answers than this are consolidated object by object as they stream, each worker's noise
    /// estimated from the object alone: holding 9,000 answers of 3 skeletons took the peak RSS from 136 MB to 266 MB.
    /// Default 5,000 (1,000 objects × 5 workers).
    /// </summary>
    public int PoolWorkerNoiseMaxAnswers { get; init; } = 5_000;
    /// <summary>Objects consolidated at once (their answers are fetched in parallel). Default 32.</summary>
    public int Window { get; init; } = 32;
    /// <summary>A payload with more objects fails the batch. Default 10,000 (Ground Truth sends up to 1,000, 5,000 on request).</summary>
    public int MaxObjects { get; init; } = 10_000;
    /// <summary>When the invocation must end (the Runtime API deadline); null for no limit.</summary>
    public DateTimeOffset? Deadline { get; init; }
    /// <summary>Time kept in hand before <see cref="Deadline"/> to report the failure. Default 2 s.</summary>
    public TimeSpan SafetyMargin { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
    /// <summary>Receives one line per event worth logging: counts, timings and object ids, never answers or worker ids.</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>Counts of one consolidated batch.</summary>
public sealed record BatchResult(int Objects, int Consolidated, int Failed, int NeedsReview, int Answers, long ResponseBytes);

/// <summary>The batch cannot be consolidated at all; the message names the URI or field and the cause.</summary>
public sealed class BatchException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Consolidates a post-annotation batch: streams the payload from the store, fetches answers stored in S3 with bounded
/// concurrency, consolidates each object and writes exactly one response entry per object that has a usable answer
/// (<c>[{"datasetObjectId", "consolidatedAnnotation": {"content": {attribute: label}}}]</c>). One bad object never fails
/// the batch; an unreadable payload or a missed deadline does, and then nothing is returned as if complete.
/// </summary>
public sealed class BatchConsolidator
{
    /// <summary>AWS Lambda's limit on a synchronous response, bytes.</summary>
    public const long ResponseLimitBytes = 6 * 1024 * 1024;

    private readonly Rig _rig;
    private readonly IObjectStore _store;
    private readonly BatchOptions _options;
    private readonly SemaphoreSlim _fetches;

    /// <summary>Creates a consolidator over a rig and a store.</summary>
    public BatchConsolidator(Rig rig, IObjectStore store, BatchOptions? options = null)
    {
        _rig = rig;
        _store = store;
        _options = options ?? new BatchOptions();
        _fetches = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrentFetches));
    }

    /// <summary>Consolidates the batch the request names and writes the response array to <paramref name="output"/>.</summary>
    /// <exception cref="BatchException">The request lacks a field, the payload cannot be read or parsed, the deadline nears, or the response would exceed Lambda's limit.</exception>
    public async Task<BatchResult> ConsolidateAsync(PostAnnotationRequest request, Stream output, CancellationToken cancellationToken = default)
    {
        var (result, response) = await ConsolidateToBufferAsync(request, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(response.GetBuffer().AsMemory(0, (int)response.Length), cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Consolidates the batch the request names and returns the response array in the buffer it was written to
    /// (positioned at its start), so a handler can post it without another copy of megabytes.
    /// </summary>
    /// <exception cref="BatchException">As <see cref="ConsolidateAsync"/>.</exception>
    public async Task<(BatchResult Result, MemoryStream Response)> ConsolidateToBufferAsync(PostAnnotationRequest request, CancellationToken cancellationToken = default)
    {
        var attribute = request.LabelAttributeName;
        if (string.IsNullOrWhiteSpace(attribute)) throw new BatchException("the event has no labelAttributeName");
        var payloadText = request.Payload?.S3Uri;
        if (string.IsNullOrWhiteSpace(payloadText)) throw new BatchException("the event has no payload.s3Uri");
        if (!S3Uri.TryParse(payloadText, out var payloadUri)) throw new BatchException($"payload.s3Uri '{InstanceReader.Shorten(payloadText)}' is not an s3://bucket/key URI");
        if (!Allowed(payloadUri)) throw new BatchException($"payload {payloadUri}: bucket '{payloadUri.Bucket}' is not in the allowed buckets");

        var started = _options.Time.GetTimestamp();
        // Collections during the batch go to the log too: on one core a pause is time the batch does not get.
        var (paused, gen0, gen1, gen2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        Stream payload;
        try { payload = await _store.OpenReadAsync(payloadUri, cancellationToken).ConfigureAwait(false); }
        catch (ObjectStoreException e) { throw new BatchException($"cannot read the consolidation request payload {payloadUri}: {e.Reason}", e); }

        int objects = 0, failed = 0, answers = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<Task<(string Id, WorkerAnswer[] Answers, string? Failure)>>();
        // With pooling, answers are held and consolidated after the whole payload, when each worker's noise is known.
        var pooling = _options.PoolWorkerNoise;
        var held = new List<(string Id, WorkerAnswer[] Answers)>();
        var heldAnswers = 0;
        // Labels are kept until the end: if the response would not fit Lambda's limit, it is written again compact.
        var labels = new List<(string Id, ConsolidatedLabel Label)>();

        // Where the time goes, for the log: consolidating and writing are timed; the rest is reading and parsing.
        long consolidating = 0;
        void LeaveOut(string id, string? why)
        {
            failed++;
            _options.Log?.Invoke($"data object {id} left out (Ground Truth marks it failed): {why}");
        }

        void Finish(string id, WorkerAnswer[] parsed, ConsolidationOptions options)
        {
            var began = _options.Time.GetTimestamp();
            var (label, failure) = ConsolidateObject(parsed, options);
            consolidating += _options.Time.GetTimestamp() - began;
            if (label is not null) labels.Add((id, label));
            else LeaveOut(id, failure);
        }

        async Task Drain(int keep)
        {
            while (pending.Count > keep)
            {
                var (id, parsed, failure) = await pending.Dequeue().ConfigureAwait(false);
                if (failure is not null)
                {
                    LeaveOut(id, failure);
                    continue;
                }
                if (!pooling) { Finish(id, parsed, _options.Consolidation); continue; }
                held.Add((id, parsed));
                if ((heldAnswers += parsed.Length) <= _options.PoolWorkerNoiseMaxAnswers) continue;
                _options.Log?.Invoke($"more than {_options.PoolWorkerNoiseMaxAnswers} answers: worker noise is estimated per object");
                pooling = false;
                foreach (var (heldId, heldParsed) in held) Finish(heldId, heldParsed, _options.Consolidation);
                held.Clear();
            }
        }

        await using (payload.ConfigureAwait(false))
        {
            try
            {
                await foreach (var (item, problem, index) in PayloadReader.ReadAsync(payload, cancellationToken).ConfigureAwait(false))
                {
                    CheckDeadline(objects);
                    if (++objects > _options.MaxObjects) throw new BatchException($"payload {payloadUri} has more than {_options.MaxObjects} data objects");
                    if (item is null)
                    {
                        failed++;
                        _options.Log?.Invoke($"{problem}; the element is skipped");
                        continue;
                    }
                    if (!seen.Add(item.DatasetObjectId))
                    {
                        _options.Log?.Invoke($"data object {item.DatasetObjectId} appears again at payload[{index}]; the first is used");
                        continue;
                    }
                    answers += item.Answers.Count;
                    pending.Enqueue(problem is null ? ReadObjectAsync(item, cancellationToken) : Task.FromResult<(string, WorkerAnswer[], string?)>((item.DatasetObjectId, [], problem)));
                    await Drain(Math.Max(1, _options.Window)).ConfigureAwait(false);
                }
            }
            catch (JsonException e)
            {
                throw new BatchException($"payload {payloadUri} is not a JSON array of data objects (after {objects} objects): {InstanceReader.Shorten(e.Message)}", e);
            }
            await Drain(0).ConfigureAwait(false);
        }

        if (pooling)
        {
            var options = _options.Consolidation;
            var estimates = Consolidator.EstimateBatch(held.Select(r => (IReadOnlyList<WorkerAnswer>)r.Answers), _rig, options: options);
            // Values the caller gave win over the batch's own.
            var pooled = estimates.WorkerNoise;
            foreach (var (worker, noise) in options.WorkerNoise ?? new Dictionary<string, double>()) pooled[worker] = noise;
            var facing = options.Facing.Equals(FacingAssumptions.Default) ? estimates.Facing : options.Facing;
            options = options with { WorkerNoise = pooled, Facing = facing };
            _options.Log?.Invoke(FormattableString.Invariant(
                $"batch estimates: noise of {pooled.Count} workers; mirror rate {facing.MirrorRate:P1}, face point hidden {facing.FaceHidden:P1}, placed when visible {facing.VisiblePlaced:P1}, guessed when hidden {facing.HiddenPlaced:P1}"));
            for (var i = 0; i < held.Count; i++)
            {
                if (i % 256 == 0) CheckDeadline(objects);
                Finish(held[i].Id, held[i].Answers, options);
                held[i] = default;
            }
        }
        CheckDeadline(objects);

        var writing = _options.Time.GetTimestamp();
        var response = Write(labels, attribute, compact: false);
        var compact = false;
        if (response.Length > ResponseLimitBytes)
        {
            _options.Log?.Invoke($"the full response is {response.Length} bytes, over Lambda's limit; writing compact labels");
            response = Write(labels, attribute, compact: compact = true);
        }
        if (response.Length > ResponseLimitBytes)
            throw new BatchException($"the response for payload {payloadUri} is {response.Length} bytes even with compact labels, over Lambda's {ResponseLimitBytes}-byte limit; lower the job's MaxConcurrentTaskCount");
        var written = _options.Time.GetTimestamp();
        var review = labels.Count(l => l.Label.NeedsReview);
        var result = new BatchResult(objects, labels.Count, failed, review, answers, response.Length);
        _options.Log?.Invoke(FormattableString.Invariant(
            $"batch consolidated: {objects} objects, {answers} answers, {labels.Count} labels, {review} need review, {failed} failed, {response.Length} response bytes{(compact ? " (compact)" : "")}, {_options.Time.GetElapsedTime(started).TotalMilliseconds:F0} ms (consolidating {Milliseconds(0, consolidating):F0} ms, writing the response {Milliseconds(writing, written):F0} ms, the rest reading and parsing; garbage collections {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2} (gen 0/1/2) pausing {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms)"));
        response.Position = 0;
        return (result, response);
    }

    private static MemoryStream Write(List<(string Id, ConsolidatedLabel Label)> labels, string attribute, bool compact)
    {
        var buffer = new MemoryStream(16 * 1024);
        // The serializer writes well-formed JSON; checking every token again costs time on megabytes of labels.
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        writer.WriteStartArray();
        for (var i = 0; i < labels.Count; i++)
        {
            if (i == 16)
            {
                // Sized once from the first labels: growing by doubling copies megabytes on the large object heap.
                writer.Flush();
                buffer.Capacity = (int)Math.Min(int.MaxValue, Math.Max(buffer.Capacity, buffer.Length * 1.1 * labels.Count / i + 1024));
            }
            var (id, label) = labels[i];
            writer.WriteStartObject();
            writer.WriteString("datasetObjectId", id);
            writer.WriteStartObject("consolidatedAnnotation");
            writer.WriteStartObject("content");
            writer.WritePropertyName(attribute);
            JsonSerializer.Serialize(writer, compact ? label.Compact() : label, CoreJsonContext.Default.ConsolidatedLabel);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.Flush();
        return buffer;
    }

    private double Milliseconds(long from, long to) => (to - from) * 1000.0 / _options.Time.TimestampFrequency;

    private void CheckDeadline(int done)
    {
        if (_options.Deadline is not { } deadline) return;
        var left = deadline - _options.Time.GetUtcNow();
        if (left < _options.SafetyMargin)
            throw new BatchException(FormattableString.Invariant($"the invocation deadline is {left.TotalMilliseconds:F0} ms away after {done} objects; the batch is failed rather than returned incomplete (Ground Truth retries it)"));
    }

    private bool Allowed(S3Uri uri) => _options.AllowedBuckets is not { Count: > 0 } allowed || allowed.Contains(uri.Bucket);

    private async Task<(string, WorkerAnswer[], string?)> ReadObjectAsync(DataObjectAnswers item, CancellationToken cancellationToken)
    {
        var parsed = await Task.WhenAll(item.Answers.Select(a => ReadAnswerAsync(item.DatasetObjectId, a, cancellationToken))).ConfigureAwait(false);
        return (item.DatasetObjectId, parsed, null);
    }

    private (ConsolidatedLabel?, string?) ConsolidateObject(WorkerAnswer[] parsed, ConsolidationOptions options)
    {
        ConsolidatedLabel? label;
        try
        {
            label = Consolidator.Consolidate(parsed, _rig, null, options);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A defect met by one object must not sink the batch: that object fails, visibly, and the rest are answered.
            return (null, $"consolidation failed: {e.GetType().Name}: {e.Message}");
        }
        if (label is not null) return (label, null);
        // Counts only: the reasons quote answers and URIs, which stay out of the logs (they are in no label either, as the object fails).
        return (null, parsed.Length == 0 ? "no answers" : $"none of its {parsed.Length} answers is usable");
    }

    private async Task<WorkerAnswer> ReadAnswerAsync(string objectId, AnswerReference a, CancellationToken cancellationToken)
    {
        if (a.Problem is not null) return WorkerAnswer.Unreadable(a.WorkerId, a.Problem);
        if (a.Content is { } content) return AnswerParser.Parse(a.WorkerId, content, _rig);
        if (!S3Uri.TryParse(a.S3Uri, out var uri))
            return WorkerAnswer.Unreadable(a.WorkerId, $"annotationData.s3Uri '{InstanceReader.Shorten(a.S3Uri ?? "")}' is not an s3://bucket/key URI");
        if (!Allowed(uri)) return WorkerAnswer.Unreadable(a.WorkerId, $"annotationData.s3Uri bucket '{uri.Bucket}' is not in the allowed buckets");
        await _fetches.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var stream = await _store.OpenReadAsync(uri, cancellationToken).ConfigureAwait(false);
            var utf8 = await ReadLimitedAsync(stream, AnswerParser.MaxAnswerBytes, cancellationToken).ConfigureAwait(false);
            return utf8 is not { } text
                ? WorkerAnswer.Unreadable(a.WorkerId, $"the answer at {uri} is larger than {AnswerParser.MaxAnswerBytes} bytes")
                : AnswerParser.Parse(a.WorkerId, text, _rig);
        }
        catch (ObjectStoreException e)
        {
            _options.Log?.Invoke($"data object {objectId}: an answer could not be fetched ({e.Reason}); consolidated from the others");
            return WorkerAnswer.Unreadable(a.WorkerId, $"the answer at {uri} could not be read: {e.Reason}");
        }
        finally
        {
            _fetches.Release();
        }
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadLimitedAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        // Not disposed: its array is the answer returned.
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
