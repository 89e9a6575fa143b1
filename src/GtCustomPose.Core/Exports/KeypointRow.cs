namespace GtCustomPose.Core.Exports;

/// <summary>How hard one keypoint was.</summary>
/// <param name="Label">Rig label.</param>
/// <param name="Skeletons">Consolidated skeletons it was placed in.</param>
/// <param name="MeanConfidence">Mean keypoint confidence (0 to 1; lower means the workers' clicks spread
/// wider).</param>
/// <param name="MissedRate">Fraction of the workers who drew a skeleton that did not place this keypoint in it.</param>
/// <param name="OccludedRate">Fraction of placements the consensus marks occluded.</param>
public sealed record KeypointRow(
    string Label, int Skeletons, double? MeanConfidence, double MissedRate, double OccludedRate);
