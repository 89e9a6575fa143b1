namespace GtCustomPose.Core.Jobs;

/// <summary>
/// A worker who answered one object in two pooled jobs (a private team can get the same object twice). Both answers are
/// kept, the later under <paramref name="RenamedAs"/> so it is not taken for a duplicated submission, and each counts
/// half (<see cref="JobReconsolidator"/> doubles both answers' click variance): the worker weighs as one.
/// </summary>
/// <param name="WorkerId">The worker's id, which their level-1 answer keeps.</param>
/// <param name="RenamedAs">The id the later job's answer carries: <c>worker-id@job-name</c>.</param>
public sealed record RepeatedWorker(string WorkerId, string RenamedAs);
