namespace GtCustomPose.Core.Consolidation;

/// <summary>How many of the object's workers drew a cluster's person.</summary>
internal enum ClusterSupport
{
    /// <summary>Fewer than half: not part of the label, and the object goes to review.</summary>
    TooFew,
    /// <summary>Exactly half: kept, and disputed.</summary>
    Half,
    /// <summary>A clear majority, but not everybody: kept and noted.</summary>
    Majority,
    /// <summary>Every worker.</summary>
    All,
}
