using System.Security.Cryptography;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Jobs;

/// <summary>The worker answers stored for one data object of a job.</summary>
/// <param name="DatasetObjectId">The object's id (its folder's name).</param>
/// <param name="Answers">Every answer of every file, usable or not; empty when the object has no folder.</param>
/// <param name="Files">Response files read.</param>
/// <param name="RepeatedWorkers">
/// Workers who answered this object in more than one pooled job, each under its own id and the ids its later answers
/// were renamed to (<see cref="PooledResponseSource"/>); empty for one job.
/// </param>
public sealed record ObjectResponses(
    string DatasetObjectId, IReadOnlyList<WorkerAnswer> Answers, int Files,
    IReadOnlyList<RepeatedWorker>? RepeatedWorkers = null)
{
    /// <summary>The second-level jobs whose answers were pooled into this object's
    /// (<see cref="PooledResponseSource"/>); empty when only level 1 answered it.</summary>
    public IReadOnlyList<string> PooledJobs { get; init; } = [];

    /// <summary>Each response file as it was read (its bytes' hash, or why it could not be read): what
    /// <see cref="ShardReads"/> compares between two passes.</summary>
    public IReadOnlyList<ResponseFileRead> Reads { get; init; } = [];
}

/// <summary>
/// Reads a job's stored worker responses (<see cref="JobOutputLayout"/>) with at most
/// <paramref name="maxConcurrentReads"/> GETs at once. A file that cannot be had for good (missing, access denied, not
/// a response) becomes an unreadable answer with the cause, so one bad object never stops the job; one the store gave
/// up on while its failure may pass (throttling) is thrown, as no label may be made from fewer answers than the job
/// holds. After <see cref="ReadAllAsync"/> (the statistics pass), <see cref="ReadObjectAsync"/> (the labels pass)
/// must find the same files with the same outcome, else it throws.
/// </summary>
public sealed class JobResponseReader(IObjectStore store, JobOutputLayout layout, Rig rig, int maxConcurrentReads = 32)
    : IResponseSource
{
    private readonly SemaphoreSlim _reads = new(Math.Max(1, maxConcurrentReads));
    private readonly PassLedger _firstPass = new();
    private bool _recorded;
    private long _filesRead, _filesListed;

    /// <summary>GETs issued so far.</summary>
    public long FilesRead => Interlocked.Read(ref _filesRead);

    /// <summary>Response files <see cref="ReadObjectAsync"/> listed so far.</summary>
    public long FilesListed => Interlocked.Read(ref _filesListed);

    /// <summary>Files <see cref="ReadObjectAsync"/> found unusable, by cause: the S3 error code
    /// (<c>NoSuchKey</c>, <c>AccessDenied</c>) or <c>not a response</c>.</summary>
    public CauseCounts FilesLost { get; } = new();

    /// <inheritdoc />
    public RetryCounts? Retries => store.Retries;

    /// <summary>One object's answers: lists its folder, then reads its files in parallel.</summary>
    /// <exception cref="ObjectStoreException">A read failed transiently after the store's retries, or the files or
    /// their outcomes differ from the <see cref="ReadAllAsync"/> pass.</exception>
    public async Task<ObjectResponses> ReadObjectAsync(
        string datasetObjectId, CancellationToken cancellationToken = default)
    {
        var keys = new List<S3Uri>();
        await foreach (var uri in store.ListAsync(
            layout.Bucket, layout.ObjectPrefix(datasetObjectId), cancellationToken).ConfigureAwait(false))
            if (layout.TryGetObjectId(uri.Key, out var id) && id == datasetObjectId) keys.Add(uri);
        Interlocked.Add(ref _filesListed, keys.Count);
        var files = await ReadFilesAsync(keys, cancellationToken).ConfigureAwait(false);
        foreach (var f in files) if (f.Lost is { } lost) FilesLost.Add(lost);
        if (_recorded) _firstPass.Check(datasetObjectId, layout.Bucket + "/" + layout.ObjectPrefix(datasetObjectId),
            files);
        return Responses(datasetObjectId, files);
    }

    /// <summary>
    /// Every object that has responses, in the listing's (key) order, with at most <paramref name="window"/> objects
    /// read ahead: one listing of the whole job instead of one per object, memory bounded by the window. What it
    /// reads is recorded for the check of <see cref="ReadObjectAsync"/>.
    /// </summary>
    public async IAsyncEnumerable<ObjectResponses> ReadAllAsync(
        int window = 64,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _recorded = true;
        var pending = new Queue<Task<ObjectResponses>>();
        string? current = null;
        var keys = new List<S3Uri>();
        await foreach (var uri in store.ListAsync(
            layout.Bucket, layout.WorkerResponsePrefix, cancellationToken).ConfigureAwait(false))
        {
            if (!layout.TryGetObjectId(uri.Key, out var id)) continue;
            // An object's keys are contiguous in key order: its folder name ends with '/', which sorts before any
            // digit.
            if (current is not null && id != current)
            {
                pending.Enqueue(RecordAsync(current, keys, cancellationToken));
                keys = [];
                while (pending.Count >= Math.Max(1, window)) yield return await pending.Dequeue().ConfigureAwait(false);
            }
            current = id;
            keys.Add(uri);
        }
        if (current is not null) pending.Enqueue(RecordAsync(current, keys, cancellationToken));
        while (pending.Count > 0) yield return await pending.Dequeue().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListObjectIdsAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? current = null;
        await foreach (var uri in store.ListAsync(
            layout.Bucket, layout.WorkerResponsePrefix, cancellationToken).ConfigureAwait(false))
        {
            if (!layout.TryGetObjectId(uri.Key, out var id) || id == current) continue;
            current = id;
            yield return id;
        }
    }

    private async Task<ObjectResponses> RecordAsync(string id, List<S3Uri> keys, CancellationToken cancellationToken)
    {
        var files = await ReadFilesAsync(keys, cancellationToken).ConfigureAwait(false);
        _firstPass.Record(id, files);
        return Responses(id, files);
    }

    private static ObjectResponses Responses(string id, FileOutcome[] files) =>
        new(id, files.SelectMany(f => f.Answers).ToList(), files.Length)
        {
            Reads = files.Select(f => f.Read).ToList(),
        };

    private Task<FileOutcome[]> ReadFilesAsync(List<S3Uri> keys, CancellationToken cancellationToken) =>
        Task.WhenAll(keys.Select(k => ReadFileAsync(k, cancellationToken)));

    private async Task<FileOutcome> ReadFileAsync(S3Uri uri, CancellationToken cancellationToken)
    {
        await _reads.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Interlocked.Increment(ref _filesRead);
            await using var stream = await store.OpenReadAsync(uri, cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > WorkerResponseFile.MaxFileBytes)
                    return new FileOutcome(uri, [
                        WorkerAnswer.Unreadable(
                            uri.ToString(), $"larger than {WorkerResponseFile.MaxFileBytes} bytes ({uri})")],
                        "too large", null, new ResponseFileRead(uri.ToString(), 0, "too large"));
                buffer.Write(chunk, 0, read);
            }
            var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            var answers = WorkerResponseFile.Parse(bytes, rig, uri.ToString());
            var hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
            return new FileOutcome(
                uri, answers, answers.All(a => !a.IsUsable) ? "not a response" : null, null,
                new ResponseFileRead(uri.ToString(), bytes.Length, hash));
        }
        catch (ObjectStoreException e) when (!e.Transient)
        {
            var code = Batch.AnswerFetcher.ErrorCode(e.Reason);
            return new FileOutcome(
                uri, [WorkerAnswer.Unreadable(uri.ToString(), $"could not be read: {e.Reason} ({uri})")],
                code, e.Reason, new ResponseFileRead(uri.ToString(), 0, "unreadable: " + code));
        }
        finally
        {
            _reads.Release();
        }
    }
}

/// <summary>One response file: its answers; why it is lost, when it is; the store's reason when it could not be
/// read; what was read, for the two passes to compare.</summary>
internal sealed record FileOutcome(
    S3Uri Uri, IReadOnlyList<WorkerAnswer> Answers, string? Lost, string? StoreFailure, ResponseFileRead Read);
