using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Pre;

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
