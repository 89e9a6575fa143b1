namespace GtCustomPose.Core.Consolidation;

/// <summary>How the label was made.</summary>
/// <param name="Method">Consolidation method id.</param>
/// <param name="WorkerCount">Answers received for the object, usable or not.</param>
/// <param name="Rig">Rig name.</param>
/// <param name="Compact">True when the label was written in compact form to fit the batch response in Lambda's
/// limit.</param>
public sealed record ConsolidationInfo(string Method, int WorkerCount, string Rig, bool? Compact = null);
