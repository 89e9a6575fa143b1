using System.Text.Json;
using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Pre;

/// <summary>The pre-annotation Lambda's response: <c>{"taskInput": ..., "isHumanAnnotationRequired":
/// true}</c>.</summary>
public sealed record PreAnnotationResponse(
    [property: JsonPropertyName("taskInput")] TaskInput TaskInput,
    [property: JsonPropertyName("isHumanAnnotationRequired")] bool IsHumanAnnotationRequired);

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

/// <summary>A keypoint class as crowd-2d-skeleton reads it; x and y place it on the legend, not the image.</summary>
/// <param name="Id">Index in the rig, as text.</param>
/// <param name="Color">CSS colour.</param>
/// <param name="Label">Rig label.</param>
/// <param name="X">Legend position (unused by our page).</param>
/// <param name="Y">Legend position (unused by our page).</param>
/// <param name="Side">
/// <c>left</c> or <c>right</c> for a keypoint of one of the rig's left/right pairs (the subject's own side), else null
/// (omitted). The worker page spells it out and draws the two sides differently.
/// </param>
/// <param name="Mirror">
/// The label of its flip-pair partner (the rig's <c>flip_pairs</c>), else null (omitted): the worker page's "flip left
/// and right" exchanges each keypoint with this one.
/// </param>
public sealed record KeypointClassInput(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("color")] string Color,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("x")] double X,
    [property: JsonPropertyName("y")] double Y,
    [property: JsonPropertyName("side")] string? Side = null,
    [property: JsonPropertyName("mirror")] string? Mirror = null);

/// <summary>Box, pixels, top-left origin.</summary>
public sealed record SkeletonBoundingBox(
    [property: JsonPropertyName("left")] double Left,
    [property: JsonPropertyName("top")] double Top,
    [property: JsonPropertyName("right")] double Right,
    [property: JsonPropertyName("bottom")] double Bottom);

/// <summary>One skeleton of initial values.</summary>
/// <param name="Name">Skeleton name.</param>
/// <param name="Annotations">Its placed keypoints.</param>
/// <param name="Facing"><c>front</c>, <c>back</c> or <c>side</c> when the pre-label or chained label says; else null
/// (omitted).</param>
public sealed record InitialValue(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("annotations")] IReadOnlyList<InitialPoint> Annotations,
    [property: JsonPropertyName("facing")] string? Facing = null)
{
    /// <summary>A skeleton as the worker page first shows it: its points with their stated visibility, its stated
    /// facing.</summary>
    public static InitialValue From(SkeletonInstance instance) => new(
        instance.Name,
        instance.Keypoints.Select(k => new InitialPoint(k.Label, k.X, k.Y, k.Visible)).ToArray(),
        instance.Facing switch
        {
            Core.Facing.Front => "front",
            Core.Facing.Back => "back",
            Core.Facing.Side => "side",
            _ => null,
        });
}

/// <summary>An initial keypoint, pixels, top-left origin.</summary>
/// <param name="Label">Rig label.</param>
/// <param name="X">Pixels from the left edge.</param>
/// <param name="Y">Pixels from the top edge.</param>
/// <param name="Visible">False when the pre-label or chained label says it is occluded, true when visible; null
/// (omitted) when it does not say.</param>
public sealed record InitialPoint(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("x")] double X,
    [property: JsonPropertyName("y")] double Y,
    [property: JsonPropertyName("visible")] bool? Visible = null);
