using System.Text.Json;

namespace GtCustomPose.Core.Pre;

/// <summary>What the worker template reads as <c>task.input.*</c>. Pixels, top-left origin.</summary>
/// <param name="ImageS3Uri">The image's S3 URI (<c>source-ref</c>); the template passes it through
/// <c>grant_read_access</c>.</param>
/// <param name="ImageSource">Inline <c>source</c> content when the line has no <c>source-ref</c>.</param>
/// <param name="ImageName">File name shown to the worker.</param>
/// <param name="KeypointClasses">crowd-2d-skeleton <c>keypointClasses</c>: <c>{id, color, label, x, y}</c>.</param>
/// <param name="SkeletonRig">crowd-2d-skeleton <c>skeletonRig</c>: <c>[labelA, labelB, color]</c>.</param>
/// <param name="SkeletonBoundingBox">Optional box the skeletons belong in.</param>
/// <param name="InitialValues">crowd-2d-skeleton <c>initialValues</c>: <c>[{name, annotations: [{label, x,
/// y}]}]</c>.</param>
/// <param name="InitialValuesSource"><c>pre-labels</c>, <c>chained-label</c> or <c>none</c>.</param>
/// <param name="Labels">Keypoint labels in rig order, for the crowd-keypoint template.</param>
/// <param name="RigName">The rig's name.</param>
/// <param name="InitialKeypoints">The first skeleton's initial points as a flat list, for crowd-keypoint's
/// <c>initial-value</c>.</param>
/// <param name="Audit">
/// An audit job line's <c>gtpose-audit</c> object, passed through as is: why the object is audited and which skeletons
/// and keypoints are in doubt; null (omitted) for other lines.
/// </param>
public sealed record TaskInput(
    string? ImageS3Uri,
    string? ImageSource,
    string ImageName,
    IReadOnlyList<KeypointClassInput> KeypointClasses,
    IReadOnlyList<string[]> SkeletonRig,
    SkeletonBoundingBox? SkeletonBoundingBox,
    IReadOnlyList<InitialValue> InitialValues,
    string InitialValuesSource,
    IReadOnlyList<string> Labels,
    string RigName,
    IReadOnlyList<InitialPoint> InitialKeypoints,
    JsonElement? Audit = null);
