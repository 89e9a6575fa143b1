namespace GtCustomPose.Core.Exports;

/// <summary>Counts of an export.</summary>
/// <param name="Images">Images written.</param>
/// <param name="Skeletons">Skeletons (COCO annotations, YOLO rows) written.</param>
/// <param name="ExcludedForReview">Objects left out because their label needs review.</param>
public sealed record ExportResult(int Images, int Skeletons, int ExcludedForReview);
