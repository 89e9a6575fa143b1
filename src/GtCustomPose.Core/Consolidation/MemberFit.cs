namespace GtCustomPose.Core.Consolidation;

/// <summary>How one member's skeleton fits the estimate.</summary>
/// <param name="Worker">Index of its answer among the object's usable answers.</param>
/// <param name="Oks">OKS of its skeleton to the estimate, 0 to 1.</param>
/// <param name="Outliers">Its clicks left out of the estimate as outliers.</param>
internal readonly record struct MemberFit(int Worker, double Oks, int Outliers);
