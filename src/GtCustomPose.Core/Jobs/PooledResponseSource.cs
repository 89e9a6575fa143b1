using System.Runtime.CompilerServices;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Jobs;

/// <summary>
/// A level-1 job's answers with those of second-level jobs (<see cref="LinkedJob"/>) joined on: each level-1 object
/// gets every answer it has in any job, so re-consolidation labels it from all of them and pools the worker statistics
/// over all jobs. Objects only level 1 labeled keep their level-1 answers.
/// </summary>
public sealed class PooledResponseSource(IResponseSource level1, IReadOnlyList<LinkedJob> linked) : IResponseSource
{
    /// <summary>
    /// Level 1's responses, with each job of <paramref name="linked"/> joined on through the links its output manifest
    /// holds (Ground Truth's output manifest keeps every input line, route's link included, in order); level 1's alone
    /// when <paramref name="linked"/> is empty.
    /// </summary>
    /// <exception cref="JobLinkException">A second-level job cannot be joined to level 1.</exception>
    public static async Task<IResponseSource> OpenAsync(
        IObjectStore store, JobOutputLayout level1, IReadOnlyList<JobOutputLayout> linked, Rig rig,
        ReconsolidationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(level1);
        ArgumentNullException.ThrowIfNull(linked);
        ArgumentNullException.ThrowIfNull(options);
        var own = new JobResponseReader(store, level1, rig, options.MaxConcurrentReads);
        if (linked.Count == 0) return own;
        var jobs = new List<LinkedJob>();
        foreach (var layout in linked)
        {
            if (layout == level1)
                throw new JobLinkException($"job '{layout.JobName}': level 1's job output is given twice");
            Dictionary<string, string> links;
            try
            {
                await using var stream = await store.OpenReadAsync(layout.OutputManifest, cancellationToken)
                    .ConfigureAwait(false);
                using var reader = new StreamReader(stream);
                links = LinkedJob.ReadLinks(layout.JobName, reader, options.LabelAttribute, rig);
            }
            catch (ObjectStoreException e)
            {
                throw new JobLinkException(
                    $"job '{layout.JobName}': its output manifest {layout.OutputManifest} could not be read: " +
                    $"{e.Reason}", e);
            }
            jobs.Add(new LinkedJob(
                layout.JobName, new JobResponseReader(store, layout, rig, options.MaxConcurrentReads), links));
        }
        return new PooledResponseSource(own, jobs);
    }

    /// <inheritdoc />
    public long FilesRead => level1.FilesRead + linked.Sum(j => j.Responses.FilesRead);

    /// <inheritdoc />
    public long FilesListed => level1.FilesListed + linked.Sum(j => j.Responses.FilesListed);

    /// <inheritdoc />
    public RetryCounts? Retries => level1.Retries;

    /// <inheritdoc />
    public CauseCounts FilesLost
    {
        get
        {
            var all = new CauseCounts();
            foreach (var source in linked.Select(j => j.Responses).Prepend(level1))
                foreach (var (cause, n) in source.FilesLost.ByCause)
                    for (var i = 0; i < n; i++) all.Add(cause);
            return all;
        }
    }

    /// <inheritdoc />
    public async Task<ObjectResponses> ReadObjectAsync(
        string datasetObjectId, CancellationToken cancellationToken = default) =>
        await JoinAsync(
            await level1.ReadObjectAsync(datasetObjectId, cancellationToken).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListObjectIdsAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var id in level1.ListObjectIdsAsync(cancellationToken).ConfigureAwait(false))
            if (ids.Add(id)) yield return id;
        foreach (var job in linked)
        {
            var back = job.Links.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
            await foreach (var id in job.Responses.ListObjectIdsAsync(cancellationToken).ConfigureAwait(false))
                if (back.TryGetValue(id, out var own) && ids.Add(own)) yield return own;
        }
    }

    /// <summary>
    /// Every level-1 object with answers in any job. Each linked job is listed whole first, so an answer for an object
    /// level 1 never had is an error before anything is estimated.
    /// </summary>
    /// <exception cref="JobLinkException">A linked job holds answers for an object its manifest does not link to
    /// level 1.</exception>
    public async IAsyncEnumerable<ObjectResponses> ReadAllAsync(
        int window = 64, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pending = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in linked)
        {
            var known = new HashSet<string>(job.Links.Values, StringComparer.Ordinal);
            await foreach (var id in job.Responses.ListObjectIdsAsync(cancellationToken).ConfigureAwait(false))
                if (!known.Contains(id))
                    throw new JobLinkException(
                        $"job '{job.JobName}': answers for object {id}, which its manifest does not link to a " +
                        $"level-1 line ('gtpose-audit.line')");
            foreach (var id in job.Links.Keys) pending.Add(id);
        }
        await foreach (var o in level1.ReadAllAsync(window, cancellationToken).ConfigureAwait(false))
        {
            pending.Remove(o.DatasetObjectId);
            yield return await JoinAsync(o, cancellationToken).ConfigureAwait(false);
        }
        // Routed objects level 1 left without any answer (expired tasks): labeled from the second level alone.
        foreach (var id in pending.Order(StringComparer.Ordinal))
        {
            var o = await ReadObjectAsync(id, cancellationToken).ConfigureAwait(false);
            if (o.Files > 0) yield return o;
        }
    }

    private async Task<ObjectResponses> JoinAsync(ObjectResponses own, CancellationToken cancellationToken)
    {
        List<WorkerAnswer>? answers = null;
        List<RepeatedWorker>? repeated = null;
        var pooled = new List<string>();
        var files = own.Files;
        var reads = new List<ResponseFileRead>(own.Reads);
        foreach (var job in linked)
        {
            if (!job.Links.TryGetValue(own.DatasetObjectId, out var id)) continue;
            var more = await job.Responses.ReadObjectAsync(id, cancellationToken).ConfigureAwait(false);
            if (more.Files == 0) continue;
            answers ??= [.. own.Answers];
            files += more.Files;
            reads.AddRange(more.Reads);
            pooled.Add(job.JobName);
            var seen = answers.Select(a => a.WorkerId).ToHashSet(StringComparer.Ordinal);
            foreach (var a in more.Answers)
            {
                if (!seen.Contains(a.WorkerId)) { answers.Add(a); continue; }
                var renamed = $"{a.WorkerId}@{job.JobName}";
                (repeated ??= []).Add(new RepeatedWorker(a.WorkerId, renamed));
                answers.Add(a with { WorkerId = renamed });
            }
        }
        return answers is null ? own : new ObjectResponses(own.DatasetObjectId, answers, files, repeated)
        {
            PooledJobs = pooled,
            Reads = reads,
        };
    }
}
