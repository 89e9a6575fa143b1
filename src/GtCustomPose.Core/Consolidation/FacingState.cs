using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// A <see cref="FacingTally"/> as stored: its counts, and the front histogram as
/// <c>[members, placed, count, …]</c> triples in ascending (members, placed) order.
/// </summary>
internal sealed record FacingState(
    [property: JsonPropertyName("mirrored")] long Mirrored,
    [property: JsonPropertyName("members")] long Members,
    [property: JsonPropertyName("backPlaced")] long BackPlaced,
    [property: JsonPropertyName("backSlots")] long BackSlots,
    [property: JsonPropertyName("backSkeletons")] int BackSkeletons,
    [property: JsonPropertyName("frontSlots")] long FrontSlots,
    [property: JsonPropertyName("declared")] long Declared,
    [property: JsonPropertyName("declaredRight")] long DeclaredRight,
    [property: JsonPropertyName("front")] long[]? Front);
