namespace GtCustomPose.Core.Consolidation;

/// <summary>A consolidated keypoint.</summary>
/// <param name="Label">Rig label.</param>
/// <param name="X">Pixels from the left edge (0.1 px resolution).</param>
/// <param name="Y">Pixels from the top edge (0.1 px resolution).</param>
/// <param name="Confidence">0 to 1; null with one worker.</param>
/// <param name="Votes">How many workers placed it.</param>
/// <param name="Visible">
/// False when most workers who placed it and said so marked it occluded (COCO v=1); true when most said visible; null
/// when none said (exports then write v=2).
/// </param>
public sealed record ConsolidatedKeypoint(
    string Label, double X, double Y, double? Confidence, int Votes, bool? Visible = null);
