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
    IReadOnlyList<RepeatedWorker>? RepeatedWorkers = null);

/// <summary>
/// Reads a job's stored worker responses (<see cref="JobOutputLayout"/>) with at most
/// <paramref name="maxConcurrentReads"/> GETs at once. A file that cannot be fetched becomes an unreadable answer with
/// the cause, so one bad object never stops the job.
/// </summary>
public sealed class JobResponseReader(IObjectStore store, JobOutputLayout layout, Rig rig, int maxConcurrentReads = 32)
    : IResponseSource
{
    private readonly SemaphoreSlim _reads = new(Math.Max(1, maxConcurrentReads));

    /// <summary>GETs issued so far.</summary>
    public long FilesRead => Interlocked.Read(ref _filesRead);

    private long _filesRead;

    /// <summary>One object's answers: lists its folder, then reads its files in parallel.</summary>
    public async Task<ObjectResponses> ReadObjectAsync(
        string datasetObjectId, CancellationToken cancellationToken = default)
    {
        var keys = new List<S3Uri>();
        await foreach (var uri in store.ListAsync(
            layout.Bucket, layout.ObjectPrefix(datasetObjectId), cancellationToken).ConfigureAwait(false))
            if (layout.TryGetObjectId(uri.Key, out var id) && id == datasetObjectId) keys.Add(uri);
        return await ReadFilesAsync(datasetObjectId, keys, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every object that has responses, in the listing's (key) order, with at most <paramref name="window"/> objects
    /// read
    /// ahead: one listing of the whole job instead of one per object, memory bounded by the window.
    /// </summary>
    public async IAsyncEnumerable<ObjectResponses> ReadAllAsync(
        int window = 64,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
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
                pending.Enqueue(ReadFilesAsync(current, keys, cancellationToken));
                keys = [];
                while (pending.Count >= Math.Max(1, window)) yield return await pending.Dequeue().ConfigureAwait(false);
            }
            current = id;
            keys.Add(uri);
        }
        if (current is not null) pending.Enqueue(ReadFilesAsync(current, keys, cancellationToken));
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

    private async Task<ObjectResponses> ReadFilesAsync(string id, List<S3Uri> keys, CancellationToken cancellationToken)
    {
        var files = await Task.WhenAll(keys.Select(k => ReadFileAsync(k, cancellationToken))).ConfigureAwait(false);
        return new ObjectResponses(id, files.SelectMany(f => f).ToList(), keys.Count);
    }

    private async Task<List<WorkerAnswer>> ReadFileAsync(S3Uri uri, CancellationToken cancellationToken)
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
                    return [
                        WorkerAnswer.Unreadable(
                            uri.ToString(), $"larger than {WorkerResponseFile.MaxFileBytes} bytes ({uri})")];
                buffer.Write(chunk, 0, read);
            }
            return WorkerResponseFile.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), rig, uri.ToString());
        }
        catch (ObjectStoreException e)
        {
            return [WorkerAnswer.Unreadable(uri.ToString(), $"could not be read: {e.Reason} ({uri})")];
        }
        finally
        {
            _reads.Release();
        }
    }
}
