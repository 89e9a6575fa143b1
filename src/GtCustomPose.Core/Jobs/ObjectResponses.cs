using GtCustomPose.Core.Answers;

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
