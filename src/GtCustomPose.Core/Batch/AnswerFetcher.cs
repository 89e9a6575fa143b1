using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Batch;

/// <summary>
/// The fetch phase: each answer of an object, inline or read from the store with bounded concurrency, parsed. An
/// answer that cannot be had for good (missing, access denied, not an answer) is an unreadable answer with the cause
/// (the object is consolidated from the others); one the store gave up on while its failure may pass (throttling)
/// fails the batch, which is never consolidated from fewer answers than it holds.
/// </summary>
internal sealed class AnswerFetcher(Rig rig, IObjectStore store, BatchOptions options)
{
    private readonly SemaphoreSlim _fetches = new(Math.Max(1, options.MaxConcurrentFetches));
    private int _read;

    /// <summary>Answers fetched from the store and read whole.</summary>
    public int Read => Volatile.Read(ref _read);

    /// <summary>Answers that are unusable, by cause: the S3 error code (<c>NoSuchKey</c>, <c>AccessDenied</c>),
    /// <c>bad reference</c>, <c>too large</c>, <c>not an answer</c>.</summary>
    public CauseCounts Lost { get; } = new();

    /// <summary>Whether the allow-list lets the bucket be read.</summary>
    public bool Allowed(S3Uri uri) =>
        options.AllowedBuckets is not { Count: > 0 } allowed || allowed.Contains(uri.Bucket);

    /// <summary>Every answer of the object, parsed, in payload order.</summary>
    public Task<WorkerAnswer[]> FetchAsync(DataObjectAnswers item, CancellationToken cancellationToken)
    {
        var references = item.Answers;
        var answers = new WorkerAnswer[references.Count];
        Task<WorkerAnswer>[]? fetches = null;
        for (var i = 0; i < references.Count; i++)
        {
            // Inline answers, as Ground Truth sends them, are parsed here and now: no task for each.
            if (TryWithoutStore(references[i], out var answer, out var lost, out var uri))
                answers[i] = Count(answer, lost);
            else
                (fetches ??= new Task<WorkerAnswer>[references.Count])[i] =
                    ReadAnswerAsync(item.DatasetObjectId, references[i], uri, cancellationToken);
        }
        return fetches is null ? Task.FromResult(answers) : GatherAsync(answers, fetches);
    }

    private static async Task<WorkerAnswer[]> GatherAsync(WorkerAnswer[] answers, Task<WorkerAnswer>?[] fetches)
    {
        // Every fetch ends before the object does, failed or not, as one of them may fail the batch.
        await Task.WhenAll(fetches.OfType<Task<WorkerAnswer>>()).ConfigureAwait(false);
        for (var i = 0; i < fetches.Length; i++)
            if (fetches[i] is { } fetch) answers[i] = fetch.Result;
        return answers;
    }

    private WorkerAnswer Count(WorkerAnswer answer, string? lost)
    {
        if (!answer.IsUsable) Lost.Add(lost ?? "not an answer");
        return answer;
    }

    private async Task<WorkerAnswer> ReadAnswerAsync(
        string objectId, AnswerReference a, S3Uri uri, CancellationToken cancellationToken)
    {
        var (answer, lost) = await FetchAnswerAsync(objectId, a, uri, cancellationToken).ConfigureAwait(false);
        return Count(answer, lost);
    }

    /// <summary>The answer when the store is not needed for it (inline, or a reference that cannot be read), and why
    /// it is lost when it is lost before parsing; otherwise false and the URI to fetch.</summary>
    private bool TryWithoutStore(AnswerReference a, out WorkerAnswer answer, out string? lost, out S3Uri uri)
    {
        const string badReference = "bad reference";
        answer = null!;
        lost = null;
        uri = default;
        if (a.Problem is not null)
        {
            (answer, lost) = (WorkerAnswer.Unreadable(a.WorkerId, a.Problem), badReference);
            return true;
        }
        if (a.Content is { } content)
        {
            if (a.EscapedContent is { } rented)
            {
                answer = AnswerParser.ParseEscaped(a.WorkerId, content.Span, rig);
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
            else
            {
                answer = AnswerParser.Parse(a.WorkerId, content, rig);
            }
            return true;
        }
        lost = badReference;
        if (!S3Uri.TryParse(a.S3Uri, out uri))
        {
            answer = WorkerAnswer.Unreadable(a.WorkerId,
                $"annotationData.s3Uri '{InstanceReader.Shorten(a.S3Uri ?? "")}' is not an s3://bucket/key URI");
            return true;
        }
        if (!Allowed(uri))
        {
            answer = WorkerAnswer.Unreadable(
                a.WorkerId, $"annotationData.s3Uri bucket '{uri.Bucket}' is not in the allowed buckets");
            return true;
        }
        lost = null;
        return false;
    }

    /// <summary>The answer read from the store, and why it is lost when it is lost before parsing.</summary>
    private async Task<(WorkerAnswer, string?)> FetchAnswerAsync(
        string objectId, AnswerReference a, S3Uri uri, CancellationToken cancellationToken)
    {
        await _fetches.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var stream = await store.OpenReadAsync(uri, cancellationToken).ConfigureAwait(false);
            var utf8 = await ReadLimitedAsync(
                stream, AnswerParser.MaxAnswerBytes, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _read);
            return utf8 is not { } text
                ? (WorkerAnswer.Unreadable(
                    a.WorkerId, $"the answer at {uri} is larger than {AnswerParser.MaxAnswerBytes} bytes"), "too large")
                : (AnswerParser.Parse(a.WorkerId, text, rig), null);
        }
        catch (ObjectStoreException e) when (e.Transient)
        {
            throw new BatchException(
                $"data object {objectId}: the answer at {uri} could not be read: {e.Reason}; the batch is failed " +
                "rather than consolidated from fewer answers (Ground Truth retries it)", e);
        }
        catch (ObjectStoreException e)
        {
            options.Log?.Invoke(
                $"data object {objectId}: an answer could not be fetched ({e.Reason}); consolidated from the others");
            return (WorkerAnswer.Unreadable(a.WorkerId, $"the answer at {uri} could not be read: {e.Reason}"),
                ErrorCode(e.Reason));
        }
        finally
        {
            _fetches.Release();
        }
    }

    /// <summary>The S3 error code a store's reason starts with (<c>NoSuchKey (HTTP 404): ...</c>).</summary>
    internal static string ErrorCode(string reason)
    {
        var space = reason.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? reason[..space] : reason;
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadLimitedAsync(
        Stream stream, int limit, CancellationToken cancellationToken)
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
