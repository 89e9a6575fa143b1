using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Batch;

/// <summary>
/// Consolidates a post-annotation batch in named phases, each object carried through them to one
/// <see cref="ObjectOutcome"/>:
/// <list type="number">
/// <item><b>read</b>: the payload streamed element by element from the store (<see cref="PayloadReader"/>); repeated
/// ids and unusable elements settled here;</item>
/// <item><b>fetch</b>: each object's answers, inline or fetched from S3 with bounded concurrency, parsed;</item>
/// <item><b>estimate</b>: each worker's click noise and the crowd's facing rates over the whole batch
/// (<see cref="BatchEstimator"/>), the parsed answers and each object's matched skeletons held meanwhile;</item>
/// <item><b>consolidate</b>: each object with the batch's estimates
/// (<see cref="Consolidator.Consolidate(IReadOnlyList{WorkerAnswer}, Rig, ImageSize?, ConsolidationOptions?)"/>),
/// reusing the skeletons the estimate matched and repaired where the refined facing rates could not change them;</item>
/// <item><b>write</b>: one response entry per labelled object (<see cref="BatchResponse"/>).</item>
/// </list>
/// One bad object never fails the batch; an unreadable payload does, and cancellation (the caller's deadline) stops
/// it, so nothing is returned as if complete. Limits of where the batch runs (a response size, a deadline) are the
/// caller's.
/// </summary>
public sealed class BatchConsolidator
{
    private readonly Rig _rig;
    private readonly IObjectStore _store;
    private readonly BatchOptions _options;
    private readonly AnswerFetcher _fetcher;

    /// <summary>Creates a consolidator over a rig and a store.</summary>
    public BatchConsolidator(Rig rig, IObjectStore store, BatchOptions? options = null)
    {
        _rig = rig;
        _store = store;
        _options = options ?? new BatchOptions();
        _fetcher = new AnswerFetcher(rig, store, _options);
    }

    /// <summary>One object whose answers are fetched and parsed, between the fetch and the consolidate
    /// phases.</summary>
    private readonly record struct FetchedObject(int Index, string DatasetObjectId, WorkerAnswer[] Answers);

    /// <summary>Consolidates the batch the request names: one outcome per payload element.</summary>
    /// <exception cref="BatchException">The request lacks a field, or the payload cannot be read or parsed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<BatchResult> ConsolidateAsync(
        PostAnnotationRequest request, CancellationToken cancellationToken = default)
    {
        var (attribute, payloadUri) = Check(request);
        var started = _options.Time.GetTimestamp();
        // CPU time too: where other work shares the core, the wall time measures it as well.
        var cpu = Environment.CpuUsage.TotalTime;
        var allocated = GC.GetTotalAllocatedBytes();
        // Collections during the batch go to the log too: on one core a pause is time the batch does not get.
        var (paused, gen0, gen1, gen2) = (
            GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var counts = new ReadCounts();
        // In payload order; a slot stays empty while its object is held for the batch's estimates.
        var outcomes = new List<ObjectOutcome?>();
        var held = new List<(int Slot, FetchedObject Object)>();
        var pooling = _options.PoolWorkerNoise;
        var heldAnswers = 0;
        long consolidating = 0, estimating = 0;

        ObjectOutcome Consolidate(FetchedObject o, ConsolidationOptions options, PreparedObject? prepared = null)
        {
            var began = _options.Time.GetTimestamp();
            var outcome = ConsolidateObject(o, options, prepared);
            consolidating += _options.Time.GetTimestamp() - began;
            if (outcome is ObjectOutcome.Failed failed) _options.Log?.Invoke(failed.LogLine);
            return outcome;
        }

        await foreach (var (fetched, failure) in FetchPhase(
            ReadPhase(payloadUri, counts, cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            if (failure is not null)
            {
                _options.Log?.Invoke(failure.LogLine);
                outcomes.Add(failure);
                continue;
            }
            if (!pooling)
            {
                outcomes.Add(Consolidate(fetched, _options.Consolidation));
                continue;
            }
            held.Add((outcomes.Count, fetched));
            outcomes.Add(null);
            if ((heldAnswers += fetched.Answers.Length) <= _options.PoolWorkerNoiseMaxAnswers) continue;
            _options.Log?.Invoke(
                $"more than {_options.PoolWorkerNoiseMaxAnswers} answers: worker noise is estimated per object");
            pooling = false;
            foreach (var (slot, o) in held) outcomes[slot] = Consolidate(o, _options.Consolidation);
            held.Clear();
        }

        if (pooling)
        {
            var began = _options.Time.GetTimestamp();
            // Each object's matched and repaired skeletons, kept from the estimate for its consolidation.
            var prepared = new PreparedObject?[held.Count];
            var options = EstimatePhase(held, prepared);
            estimating = _options.Time.GetTimestamp() - began;
            for (var i = 0; i < held.Count; i++)
            {
                if (i % 256 == 0) cancellationToken.ThrowIfCancellationRequested();
                outcomes[held[i].Slot] = Consolidate(held[i].Object, options, prepared[i]);
                // Each object's answers are garbage once consolidated.
                held[i] = default;
                prepared[i] = null;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();

        var result = new BatchResult(attribute, outcomes.Select(o => o!).ToList(), counts.Elements, counts.Answers);
        _options.Log?.Invoke(string.Create(
            CultureInfo.InvariantCulture,
            $"batch consolidated: {result.Objects} objects, {result.Answers} answers, {result.Consolidated} labels, " +
            $"{result.NeedsReview} need review, {result.Failed} failed, " +
            $"{_options.Time.GetElapsedTime(started).TotalMilliseconds:F0} ms, " +
            $"{(Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds:F0} ms of CPU, " +
            $"{(GC.GetTotalAllocatedBytes() - allocated) / 1048576.0:F0} MB allocated " +
            $"(estimating {Milliseconds(estimating):F0} ms, consolidating {Milliseconds(consolidating):F0} ms, " +
            $"the rest reading and parsing, {Milliseconds(counts.ReadTicks):F0} ms of it waiting for the payload " +
            $"({Milliseconds(counts.FirstBytesTicks):F0} ms until its first bytes); " +
            $"garbage collections " +
            $"{GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2} " +
            $"(gen 0/1/2) pausing {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms)"));
        var retried = _store.Retries is { } retries ? $"; S3 requests: {retries.Summary()}" : "";
        _options.Log?.Invoke(string.Create(
            CultureInfo.InvariantCulture,
            $"answers: {result.Answers} listed, {_fetcher.Read} read from S3, {_fetcher.Lost} lost{retried}"));
        return result;
    }

    /// <summary>Consolidates the batch and writes the full response array to <paramref name="output"/>.</summary>
    /// <exception cref="BatchException">As
    /// <see cref="ConsolidateAsync(PostAnnotationRequest, CancellationToken)"/>.</exception>
    public async Task<BatchResult> ConsolidateAsync(
        PostAnnotationRequest request, Stream output, CancellationToken cancellationToken = default)
    {
        var result = await ConsolidateAsync(request, cancellationToken).ConfigureAwait(false);
        using var response = result.WriteResponse();
        await output.WriteAsync(
            response.GetBuffer().AsMemory(0, (int)response.Length), cancellationToken).ConfigureAwait(false);
        return result with { ResponseBytes = response.Length };
    }

    private (string Attribute, S3Uri Payload) Check(PostAnnotationRequest request)
    {
        var attribute = request.LabelAttributeName;
        if (string.IsNullOrWhiteSpace(attribute)) throw new BatchException("the event has no labelAttributeName");
        var payloadText = request.Payload?.S3Uri;
        if (string.IsNullOrWhiteSpace(payloadText)) throw new BatchException("the event has no payload.s3Uri");
        if (!S3Uri.TryParse(payloadText, out var payloadUri))
            throw new BatchException(
                $"payload.s3Uri '{InstanceReader.Shorten(payloadText)}' is not an s3://bucket/key URI");
        if (!_fetcher.Allowed(payloadUri))
            throw new BatchException(
                $"payload {payloadUri}: bucket '{payloadUri.Bucket}' is not in the allowed buckets");
        return (attribute, payloadUri);
    }

    private sealed class ReadCounts
    {
        public int Elements;
        public int Answers;

        /// <summary>Time spent waiting for the payload's bytes from the store, in timestamp ticks.</summary>
        public long ReadTicks;

        /// <summary>The part of <see cref="ReadTicks"/> until the first bytes came: the request and the store's
        /// latency, which no parsing can overlap.</summary>
        public long FirstBytesTicks;
    }

    /// <summary>Read phase: the payload's elements, each id once (the first is used), at most
    /// <see cref="BatchOptions.MaxObjects"/>.</summary>
    private async IAsyncEnumerable<PayloadElement> ReadPhase(
        S3Uri payloadUri, ReadCounts counts, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Stream payload;
        var opening = _options.Time.GetTimestamp();
        try { payload = await _store.OpenReadAsync(payloadUri, cancellationToken).ConfigureAwait(false); }
        catch (ObjectStoreException e)
        {
            throw new BatchException($"cannot read the consolidation request payload {payloadUri}: {e.Reason}", e);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var timed = new TimedReadStream(payload, _options.Time);
        var opened = _options.Time.GetTimestamp() - opening;
        await using (timed.ConfigureAwait(false))
        {
            var elements =
                PayloadReader.ReadAsync(timed, keepEscaped: true, cancellationToken).ConfigureAwait(false)
                    .GetAsyncEnumerator();
            try
            {
                while (true)
                {
                    try
                    {
                        if (!await elements.MoveNextAsync()) yield break;
                    }
                    catch (JsonException e)
                    {
                        throw new BatchException(
                            $"payload {payloadUri} is not a JSON array of data objects (after {counts.Elements} " +
                            $"objects): {InstanceReader.Shorten(e.Message)}",
                            e);
                    }
                    catch (ObjectStoreException e)
                    {
                        throw new BatchException(
                            $"cannot read the consolidation request payload {payloadUri} (after {counts.Elements} " +
                            $"objects): {e.Reason}",
                            e);
                    }
                    var element = elements.Current;
                    cancellationToken.ThrowIfCancellationRequested();
                    if (++counts.Elements > _options.MaxObjects) throw new BatchException(
                        $"payload {payloadUri} has more than {_options.MaxObjects} data objects");
                    var id = element.Object?.DatasetObjectId ?? element.Failure?.DatasetObjectId;
                    if (id is not null && !seen.Add(id))
                    {
                        _options.Log?.Invoke(
                            $"data object {id} appears again at payload[{element.Index}]; the first is used");
                        continue;
                    }
                    counts.Answers += element.Object?.Answers.Count ?? 0;
                    yield return element;
                }
            }
            finally
            {
                await elements.DisposeAsync();
                counts.ReadTicks = opened + timed.ReadTicks;
                counts.FirstBytesTicks = opened + timed.FirstBytesTicks;
            }
        }
    }

    /// <summary>Fetch phase: each object's answers parsed, up to <see cref="BatchOptions.Window"/> objects at once, in
    /// payload order.</summary>
    private async IAsyncEnumerable<(FetchedObject Object, ObjectOutcome.Failed? Failure)> FetchPhase(
        IAsyncEnumerable<PayloadElement> elements, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pending = new Queue<(PayloadElement Element, Task<WorkerAnswer[]>? Answers)>();
        var window = Math.Max(1, _options.Window);
        await foreach (var element in elements.ConfigureAwait(false))
        {
            pending.Enqueue((element, element.Object is { } o ? _fetcher.FetchAsync(o, cancellationToken) : null));
            while (pending.Count > window) yield return await Next(pending).ConfigureAwait(false);
        }
        while (pending.Count > 0) yield return await Next(pending).ConfigureAwait(false);
    }

    private static async Task<(FetchedObject, ObjectOutcome.Failed?)> Next(
        Queue<(PayloadElement Element, Task<WorkerAnswer[]>? Answers)> pending)
    {
        var (element, answers) = pending.Dequeue();
        if (answers is null) return (default, element.Failure);
        return (
            new FetchedObject(
                element.Index, element.Object!.DatasetObjectId, await answers.ConfigureAwait(false)), null);
    }

    /// <summary>Estimate phase: the batch's worker noise and facing rates; values the caller set win over the batch's
    /// own. Each object's stages 1 to 3 go to <paramref name="prepared"/>, at its index in
    /// <paramref name="held"/>.</summary>
    private ConsolidationOptions EstimatePhase(
        List<(int Slot, FetchedObject Object)> held, PreparedObject?[] prepared)
    {
        var options = _options.Consolidation;
        var estimator = new BatchEstimator(_rig, options);
        for (var i = 0; i < held.Count; i++) prepared[i] = estimator.AddPrepared(held[i].Object.Answers);
        var pooled = Jobs.JobStatistics.Pool(options, estimator.Build());
        _options.Log?.Invoke(string.Create(
            CultureInfo.InvariantCulture,
            $"batch estimates: noise of {pooled.WorkerNoise!.Count} workers; {pooled.Facing.LogText()}"));
        return pooled;
    }

    /// <summary>Consolidate phase, one object.</summary>
    private ObjectOutcome ConsolidateObject(FetchedObject o, ConsolidationOptions options, PreparedObject? prepared)
    {
        ConsolidatedLabel? label;
        try
        {
            label = Consolidator.Consolidate(o.Answers, _rig, null, options, prepared);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A defect met by one object must not sink the batch: that object fails, visibly, and the rest are
            // answered.
            return new ObjectOutcome.Failed(
                o.Index, o.DatasetObjectId, $"consolidation failed: {e.GetType().Name}: {e.Message}");
        }
        if (label is not null) return new ObjectOutcome.Labelled(o.Index, o.DatasetObjectId, label);
        // Counts only: the reasons quote answers and URIs, which stay out of the logs (they are in no label either, as
        // the object fails).
        return new ObjectOutcome.Failed(o.Index, o.DatasetObjectId,
            o.Answers.Length == 0 ? "no answers" : $"none of its {o.Answers.Length} answers is usable");
    }

    private double Milliseconds(long ticks) => ticks * 1000.0 / _options.Time.TimestampFrequency;
}
