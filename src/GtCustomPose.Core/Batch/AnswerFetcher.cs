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
    public Task<WorkerAnswer[]> FetchAsync(DataObjectAnswers item, CancellationToken cancellationToken) =>
        Task.WhenAll(item.Answers.Select(a => ReadAnswerAsync(item.DatasetObjectId, a, cancellationToken)));

    private async Task<WorkerAnswer> ReadAnswerAsync(
        string objectId, AnswerReference a, CancellationToken cancellationToken)
    {
        var (answer, lost) = await FetchAnswerAsync(objectId, a, cancellationToken).ConfigureAwait(false);
        if (!answer.IsUsable) Lost.Add(lost ?? "not an answer");
        return answer;
    }

    /// <summary>The answer, and why it is lost when it is lost before parsing.</summary>
    private async Task<(WorkerAnswer, string?)> FetchAnswerAsync(
        string objectId, AnswerReference a, CancellationToken cancellationToken)
    {
        const string badReference = "bad reference";
        if (a.Problem is not null) return (WorkerAnswer.Unreadable(a.WorkerId, a.Problem), badReference);
        if (a.Content is { } content) return (AnswerParser.Parse(a.WorkerId, content, rig), null);
        if (!S3Uri.TryParse(a.S3Uri, out var uri))
            return (WorkerAnswer.Unreadable(a.WorkerId,
                $"annotationData.s3Uri '{InstanceReader.Shorten(a.S3Uri ?? "")}' is not an s3://bucket/key URI"),
                badReference);
        if (!Allowed(uri))
            return (WorkerAnswer.Unreadable(
                a.WorkerId, $"annotationData.s3Uri bucket '{uri.Bucket}' is not in the allowed buckets"), badReference);
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
