using GtCustomPose.Core.Storage;
using GtCustomPose.Storage;

namespace GtCustomPose.Cli.Jobs;

/// <summary>
/// What a command writes into its output folder (names or patterns such as <c>*.txt</c>, relative to
/// <paramref name="Dir"/>), and the jobs whose output it writes into a store.
/// </summary>
/// <param name="Dir">The output folder (--out).</param>
/// <param name="Written">The files and folders the command writes there.</param>
/// <param name="Noun">What an earlier set of these outputs is called in messages: job, run, export, split.</param>
internal sealed record OutputClaim(string Dir, IReadOnlyList<string> Written, string Noun)
{
    /// <summary>The store the jobs write to; null when the command writes no job output.</summary>
    public IObjectStore? Store { get; init; }

    /// <summary>The jobs whose output goes to <see cref="Store"/>.</summary>
    public IReadOnlyList<JobLayout> Jobs { get; init; } = [];
}

/// <summary>
/// The one rule for every command that writes an output folder: a folder (or a store) holding an earlier run's
/// outputs is refused, since the new outputs would mix with the old ones (old task pages, worker responses, labels);
/// <c>--force</c> removes them first. Files the command does not write are never touched.
/// </summary>
internal static class OutputFolder
{
    /// <summary>Refuses an output that holds an earlier run, or with <paramref name="force"/> removes what it can of
    /// it.</summary>
    public static async Task ClaimAsync(
        OutputClaim claim, bool force, Action<string> warn, CancellationToken cancellationToken)
    {
        var found = Found(claim);
        var inStore = new List<JobLayout>();
        foreach (var job in claim.Jobs)
            if (await HoldsObjectsAsync(claim.Store!, job, cancellationToken).ConfigureAwait(false)) inStore.Add(job);
        if (found.Count == 0 && inStore.Count == 0) return;
        var what = string.Join(", ", found.Select(f => Directory.Exists(f) ? f + "/" : f)
            .Concat(inStore.Select(j => j.JobOutput + " in the store")));
        if (!force)
            throw new UserError($"an earlier {claim.Noun} is there ({what}): its outputs would mix into this " +
                $"{claim.Noun}'s; give an empty --out folder{(claim.Jobs.Count > 0 ? " (or another --job-name)" : "")}" +
                ", or --force to replace it");
        foreach (var path in found)
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else File.Delete(path);
        }
        foreach (var job in inStore)
        {
            if (claim.Store is LocalFolderStore local)
                Directory.Delete(local.PathOf(new S3Uri(job.Bucket, job.JobName)), recursive: true);
            else
                warn($"--force: the earlier objects under {job.JobOutput} stay in S3 and those of the same name " +
                    "are replaced; anything reading that prefix later sees both jobs (use another --job-name to " +
                    "keep them apart)");
        }
        warn($"--force: replaced the earlier {claim.Noun} ({what})");
    }

    private static List<string> Found(OutputClaim claim) =>
        !Directory.Exists(claim.Dir) ? []
            : claim.Written.SelectMany(name => Directory.EnumerateFileSystemEntries(claim.Dir, name))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static async Task<bool> HoldsObjectsAsync(
        IObjectStore store, JobLayout layout, CancellationToken cancellationToken)
    {
        if (store is LocalFolderStore local)
            return Directory.Exists(local.PathOf(new S3Uri(layout.Bucket, layout.JobName)));
        try
        {
            await foreach (var _ in store.ListAsync(layout.Bucket, layout.JobName + "/", cancellationToken)
                .ConfigureAwait(false)) return true;
        }
        catch (ObjectStoreException e) when (e.Reason.StartsWith("NoSuchBucket", StringComparison.Ordinal))
        {
            throw new UserError($"the output bucket s3://{layout.Bucket}/ does not exist; create it or give " +
                "--output-bucket NAME");
        }
        return false;
    }
}
