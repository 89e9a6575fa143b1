namespace GtCustomPose.Core.Rigs;

/// <summary>A skeleton edge drawn between two keypoints.</summary>
public sealed record RigEdge(string From, string To, string Color);
