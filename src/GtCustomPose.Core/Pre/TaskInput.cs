using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Pre;

/// <summary>The pre-annotation Lambda's response: <c>{"taskInput": ..., "isHumanAnnotationRequired": true}</c>.</summary>
public sealed record PreAnnotationResponse(
    [property: JsonPropertyName("taskInput")] TaskInput TaskInput,
    [property: JsonPropertyName("isHumanAnnotationRequired")] bool IsHumanAnnotationRequired);

/// <summary>What the worker template reads as <c>task.input.*</c>. Pixels, top-left origin.</summary>
/// <param name="ImageS3Uri">The image's S3 URI (<c>source-ref</c>); the template passes it through <c>grant_read_access</c>.</param>
/// <param name="ImageSource">Inline <c>source</c> content when the line has no <c>source-ref</c>.</param>
/// <param name="ImageName">File name shown to the worker.</param>
/// <param name="KeypointClasses">crowd-2d-skeleton <c>keypointClasses</c>: <c>{id, color, label, x, y}</c>.</param>
/// <param name="SkeletonRig">crowd-2d-skeleton <c>skeletonRig</c>: <c>[labelA, labelB, color]</c>.</param>
/// <param name="SkeletonBoundingBox">Optional box the skeletons belong in.</param>
/// <param name="InitialValues">crowd-2d-skeleton <c>initialValues</c>: <c>[{name, annotations: [{label, x, y}]}]</c>.</param>
/// <param name="InitialValuesSource"><c>pre-labels</c>, <c>chained-label</c> or <c>none</c>.</param>
/// <param name="Labels">Keypoint labels in rig order, for the crowd-keypoint template.</param>
/// <param name="RigName">The rig's name.</param>
/// <param name="InitialKeypoints">The first skeleton's initial points as a flat list, for crowd-keypoint's <c>initial-value</c>.</param>
/// <param name="ComponentScriptUri">S3 URI of the crowd-2d-skeleton script the template loads, when configured.</param>
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
    string? ComponentScriptUri);

/// <summary>A keypoint class as crowd-2d-skeleton reads it; x and y place it on the legend, not the image.</summary>
public sealed record KeypointClassInput(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("color")] string Color,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("x")] double X,
    [property: JsonPropertyName("y")] double Y);

/// <summary>Box, pixels, top-left origin.</summary>
public sealed record SkeletonBoundingBox(
    [property: JsonPropertyName("left")] double Left,
    [property: JsonPropertyName("top")] double Top,
    [property: JsonPropertyName("right")] double Right,
    [property: JsonPropertyName("bottom")] double Bottom);

/// <summary>One skeleton of initial values.</summary>
public sealed record InitialValue(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("annotations")] IReadOnlyList<InitialPoint> Annotations);

/// <summary>An initial keypoint, pixels, top-left origin.</summary>
public sealed record InitialPoint(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("x")] double X,
    [property: JsonPropertyName("y")] double Y);
