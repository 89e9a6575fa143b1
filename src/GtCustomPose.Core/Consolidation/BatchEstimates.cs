namespace GtCustomPose.Core.Consolidation;

/// <summary>What a batch tells that one object's answers cannot (<see cref="BatchEstimator"/>).</summary>
/// <param name="WorkerNoise">
/// Each worker's click variance per axis, in units of a keypoint's OKS tolerance, for workers seen often enough.
/// </param>
/// <param name="Facing">The facing assumptions, refined by the batch.</param>
/// <param name="WorkerDoubt">
/// Each worker's doubt, 0 to 1: how often its skeletons disagreed with the consensus (missed people, extra skeletons,
/// mirrors and swapped pairs), shrunk towards the crowd's rate (<see cref="ConsolidationOptions.WorkerDoubt"/>).
/// </param>
/// <param name="WorkerRates">
/// Each worker's mirror, miss and extra-skeleton rates against the consensus
/// (<see cref="ConsolidationOptions.WorkerRates"/>).
/// </param>
public sealed record BatchEstimates(
    Dictionary<string, double> WorkerNoise, FacingAssumptions Facing, Dictionary<string, double>? WorkerDoubt = null,
    Dictionary<string, WorkerRates>? WorkerRates = null);
