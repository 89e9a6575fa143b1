using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Pre;

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
