using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// A <see cref="RunningMedian"/> as stored: <see cref="Values"/> (the exact values, 8-byte little-endian doubles, so
/// base64 in JSON and bit-exact) or <see cref="Bins"/> (histogram bins as <c>[bin, count, bin, count, …]</c>, bins
/// ascending), never both.
/// </summary>
internal sealed record MedianState(
    [property: JsonPropertyName("values")] byte[]? Values,
    [property: JsonPropertyName("bins")] long[]? Bins);
