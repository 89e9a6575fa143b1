namespace GtCustomPose.Core.Consolidation;

/// <summary>What consolidation learned about one worker's answer.</summary>
/// <param name="WorkerId">Ground Truth's worker id.</param>
/// <param name="Agreement">Mean OKS of this worker's skeletons to the consensus (0 for a consensus skeleton the worker
/// missed); null with one worker or an unreadable answer.</param>
/// <param name="LeftRightSwapped">A skeleton of this answer fitted the consensus clearly better mirrored, or a
/// left/right pair swapped; corrected before estimating.</param>
/// <param name="NoChangesNeeded">crowd-2d-skeleton's "no changes needed" box, when stated.</param>
/// <param name="WasModified">Whether the worker changed the initial values (compared as structures), when originals
/// were shown.</param>
/// <param name="TotalTimeInSeconds">Time on task, when stated.</param>
/// <param name="Outliers">Points of this worker left out of the estimate as outlier clicks; omitted when 0.</param>
/// <param name="Issues">Why parts of the answer (or all of it) were not used; omitted when none.</param>
public sealed record WorkerSummary(
    string WorkerId,
    double? Agreement,
    bool LeftRightSwapped,
    bool? NoChangesNeeded,
    bool? WasModified,
    double? TotalTimeInSeconds,
    int? Outliers = null,
    IReadOnlyList<string>? Issues = null);
