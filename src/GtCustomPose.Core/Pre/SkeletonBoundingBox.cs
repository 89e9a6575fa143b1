using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Pre;

/// <summary>Box, pixels, top-left origin.</summary>
public sealed record SkeletonBoundingBox(
    [property: JsonPropertyName("left")] double Left,
    [property: JsonPropertyName("top")] double Top,
    [property: JsonPropertyName("right")] double Right,
    [property: JsonPropertyName("bottom")] double Bottom);
