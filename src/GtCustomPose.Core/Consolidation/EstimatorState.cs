using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Consolidation;

/// <summary>A <see cref="BatchEstimator"/> as stored (<see cref="BatchEstimator.SaveState"/>).</summary>
internal sealed record EstimatorState(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("rig")] string? Rig,
    [property: JsonPropertyName("keypoints")] int Keypoints,
    [property: JsonPropertyName("objects")] int Objects,
    [property: JsonPropertyName("workers")] Dictionary<string, MedianState>? Workers,
    [property: JsonPropertyName("facing")] FacingState? Facing,
    [property: JsonPropertyName("reliability")] Dictionary<string, int[]>? Reliability = null,
    [property: JsonPropertyName("drawers")] Dictionary<int, long[]>? Drawers = null,
    [property: JsonPropertyName("pairs")] Dictionary<string, MedianState>? Pairs = null);
