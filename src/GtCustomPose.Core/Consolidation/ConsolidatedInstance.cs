namespace GtCustomPose.Core.Consolidation;

/// <summary>One consolidated skeleton.</summary>
/// <param name="Name">Instance name (the workers' majority name, else <c>skeleton_N</c>).</param>
/// <param name="Keypoints">Consolidated keypoints, rig order.</param>
/// <param name="Bbox">Box around the keypoints, pixels.</param>
/// <param name="Agreement">Mean OKS of the workers' skeletons to this one, 0 to 1; null with one worker.</param>
/// <param name="Confidence">Expected OKS of this skeleton to the truth, 0 to 1, from the workers' estimated click
/// noise, or from how far their clicks spread when that is wider; null with one worker.</param>
/// <param name="ReviewReasons">The review reasons that concern this skeleton (a subset of the label's); null when
/// none.</param>
/// <param name="Facing">
/// <c>front</c>, <c>back</c> or <c>side</c> when the workers who declared a facing mostly agree; null when none
/// declared.
/// </param>
public sealed record ConsolidatedInstance(
    string Name,
    IReadOnlyList<ConsolidatedKeypoint> Keypoints,
    BoundingBox? Bbox,
    double? Agreement,
    double? Confidence = null,
    IReadOnlyList<string>? ReviewReasons = null,
    string? Facing = null);
