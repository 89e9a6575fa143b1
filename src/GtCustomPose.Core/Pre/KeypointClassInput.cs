using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Pre;

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
