using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Cli.Workflow;

/// <summary>The responses re-consolidation reads: one job's, or level 1's pooled with second-level jobs'.</summary>
internal static class PooledJobs
{
    /// <summary>
    /// Level 1's responses, with each of <paramref name="linked"/> joined on through the links its output manifest
    /// holds (Ground Truth's output manifest keeps every input line, route's link included, in order).
    /// </summary>
    /// <exception cref="JobLinkException">A second-level job cannot be joined to level 1.</exception>
    public static async Task<IResponseSource> SourceAsync(
        IObjectStore store, JobOutputLayout level1, IReadOnlyList<JobOutputLayout> linked, Rig rig,
        ReconsolidationOptions options, CancellationToken cancellationToken)
    {
        var own = new JobResponseReader(store, level1, rig, options.MaxConcurrentReads);
        if (linked.Count == 0) return own;
        var jobs = new List<LinkedJob>();
        foreach (var layout in linked)
        {
            if (layout.Prefix == level1.Prefix && layout.Bucket == level1.Bucket)
                throw new JobLinkException($"job '{layout.JobName}': --job-output names level 1's folder twice");
            Dictionary<string, string> links;
            try
            {
                await using var stream = await store.OpenReadAsync(layout.OutputManifest, cancellationToken);
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
}
