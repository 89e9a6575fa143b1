using System.Text.Json.Serialization;
using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core.Jobs;

/// <summary>
/// A job's reduced statistics as the labels shards read them: every figure of <see cref="BatchEstimates"/> (all five
/// facing rates), doubles written shortest-round-trip, so the shards consolidate with exactly the one-process
/// estimates.
/// </summary>
public sealed record BatchEstimatesDocument(
    [property: JsonPropertyName("workerNoise")] Dictionary<string, double> WorkerNoise,
    [property: JsonPropertyName("mirrorRate")] double MirrorRate,
    [property: JsonPropertyName("faceHidden")] double FaceHidden,
    [property: JsonPropertyName("visiblePlaced")] double VisiblePlaced,
    [property: JsonPropertyName("hiddenPlaced")] double HiddenPlaced,
    [property: JsonPropertyName("declaredFacingRight")] double DeclaredFacingRight,
    [property: JsonPropertyName("workerDoubt")] Dictionary<string, double>? WorkerDoubt = null,
    [property: JsonPropertyName("workerRates")] Dictionary<string, WorkerRates>? WorkerRates = null)
{
    /// <summary>As a document.</summary>
    public static BatchEstimatesDocument From(BatchEstimates e) =>
        new(
            e.WorkerNoise, e.Facing.MirrorRate, e.Facing.FaceHidden, e.Facing.VisiblePlaced, e.Facing.HiddenPlaced,
            e.Facing.DeclaredFacingRight, e.WorkerDoubt, e.WorkerRates);

    /// <summary>Back to estimates.</summary>
    public BatchEstimates ToEstimates() => new(new Dictionary<string, double>(WorkerNoise, StringComparer.Ordinal),
        FacingAssumptions.Default with
        {
            MirrorRate = MirrorRate,
            FaceHidden = FaceHidden,
            VisiblePlaced = VisiblePlaced,
            HiddenPlaced = HiddenPlaced,
            DeclaredFacingRight = DeclaredFacingRight,
        },
        Copy(WorkerDoubt), Copy(WorkerRates));

    private static Dictionary<string, T>? Copy<T>(Dictionary<string, T>? d) =>
        d is null ? null : new Dictionary<string, T>(d, StringComparer.Ordinal);
}
