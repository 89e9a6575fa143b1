using GtCustomPose.Core.Storage;
using GtCustomPose.Storage;

namespace GtCustomPose.Cli.Jobs;

/// <summary>
/// A job's output folder and its output in the store must hold no earlier job: old task pages and worker responses
/// would mix into the new job (and into anything that reads the job's output later). <c>--force</c> replaces them.
/// </summary>
internal static class OutputFolder
{
    /// <summary>What run-job writes into the output folder (input.manifest of --sample is rewritten anyway).</summary>
    private static readonly string[] Written = ["output.manifest", "summary.json", "failures.jsonl", "tasks"];

    /// <summary>Refuses an output that holds an earlier job, or with <paramref name="force"/> removes what it can of it.</summary>
    public static async Task PrepareAsync(string dir, IObjectStore store, JobLayout layout, bool force, JobProgress progress,
        CancellationToken cancellationToken)
    {
        var found = Written.Where(name => File.Exists(Path.Combine(dir, name)) || Directory.Exists(Path.Combine(dir, name)))
            .Select(name => Directory.Exists(Path.Combine(dir, name)) ? name + "/" : name).ToList();
        var inStore = await HoldsObjectsAsync(store, layout, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0 && !inStore) return;
        var what = string.Join(", ", found.Select(f => Path.Combine(dir, f)).Append(inStore ? layout.JobOutput + " in the store" : null).OfType<string>());
        if (!force)
        {
            throw new UserError($"an earlier job is there ({what}): its task pages and answers would mix into this one; " +
                "give an empty --out folder (or another --job-name), or --force to replace it");
        }
        foreach (var name in Written)
        {
            var path = Path.Combine(dir, name);
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else if (File.Exists(path)) File.Delete(path);
        }
        if (inStore && store is LocalFolderStore local)
        {
            Directory.Delete(local.PathOf(new S3Uri(layout.Bucket, layout.JobName)), recursive: true);
        }
        else if (inStore)
        {
            progress.Warn($"--force: the earlier objects under {layout.JobOutput} stay in S3 and those of the same name are " +
                "replaced; anything reading that prefix later sees both jobs (use another --job-name to keep them apart)");
        }
        progress.Warn($"--force: replaced the earlier job ({what})");
    }

    private static async Task<bool> HoldsObjectsAsync(IObjectStore store, JobLayout layout, CancellationToken cancellationToken)
    {
        if (store is LocalFolderStore local) return Directory.Exists(local.PathOf(new S3Uri(layout.Bucket, layout.JobName)));
        try
        {
            await foreach (var _ in store.ListAsync(layout.Bucket, layout.JobName + "/", cancellationToken).ConfigureAwait(false)) return true;
        }
        catch (ObjectStoreException e) when (e.Reason.StartsWith("NoSuchBucket", StringComparison.Ordinal))
        {
            throw new UserError($"the output bucket s3://{layout.Bucket}/ does not exist; create it or give --output-bucket NAME");
        }
        return false;
    }
}
