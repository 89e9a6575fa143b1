namespace GtCustomPose.Core.Consolidation;

/// <summary>What the face said of a cluster's sides when side repair asked it (<see cref="FaceQuestion"/>).</summary>
internal enum FaceAnswer
{
    /// <summary>The landmarks do not tell: the sides stay as the vote left them, in dispute.</summary>
    Unsettled,
    /// <summary>The sides stay as the vote left them.</summary>
    Kept,
    /// <summary>Every member is mirrored.</summary>
    Turned,
}
