using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// How one worker's skeletons compared with the consensus over a job (<see cref="BatchEstimates.WorkerRates"/>),
/// each rate 0 to 1 and shrunk towards the crowd's for a worker seen rarely.
/// </summary>
/// <param name="Mirror">Skeletons it drew mirrored or pair-swapped, per skeleton it drew of a kept person.</param>
/// <param name="Miss">People the consensus kept that it did not draw, per kept person in its objects.</param>
/// <param name="Extra">
/// Skeletons it drew that fewer than half the workers drew and that were skeletons of no one, per skeleton it drew.
/// </param>
/// <param name="Outlier">
/// Its clicks left out as outliers, per click on a keypoint three or more workers placed; 0 (no evidence) when not
/// measured.
/// </param>
public readonly record struct WorkerRates(
    [property: JsonPropertyName("mirror")] double Mirror,
    [property: JsonPropertyName("miss")] double Miss,
    [property: JsonPropertyName("extra")] double Extra,
    [property: JsonPropertyName("outlier")] double Outlier = 0);
