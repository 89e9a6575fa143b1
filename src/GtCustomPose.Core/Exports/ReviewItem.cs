using System.Text.Json;

namespace GtCustomPose.Core.Exports;

/// <summary>One object on the review page.</summary>
/// <param name="Line">Manifest line number.</param>
/// <param name="Label">The consolidated label.</param>
/// <param name="SourceRef">The image's URI, shown as text.</param>
/// <param name="ImageDataUri">The image: a data: URI, or a path relative to the page; null draws a blank canvas of the
/// image size.</param>
/// <param name="WorkerAnswers">Each worker's skeletons, shown on demand.</param>
public sealed record ReviewItem(
    int Line,
    JsonElement Label,
    string SourceRef,
    string? ImageDataUri,
    IReadOnlyList<(string WorkerId, IReadOnlyList<SkeletonInstance> Instances)> WorkerAnswers);
