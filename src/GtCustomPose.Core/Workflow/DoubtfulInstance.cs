namespace GtCustomPose.Core.Workflow;

/// <summary>One skeleton the audit page highlights.</summary>
/// <param name="Instance">The skeleton's name in the level-1 label.</param>
/// <param name="Reasons">Its review reasons (the object's when the label names none per skeleton).</param>
/// <param name="Keypoints">Its keypoints with low confidence or few votes, rig order; empty when none stands
/// out.</param>
public sealed record DoubtfulInstance(string Instance, IReadOnlyList<string> Reasons, IReadOnlyList<string> Keypoints);
