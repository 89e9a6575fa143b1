using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core.Interop;

/// <summary>One image's outcome.</summary>
/// <param name="Index">The image's index in <see cref="ImportSession.Images"/>.</param>
/// <param name="Image">The image.</param>
/// <param name="Label">Its consolidated label; null when no answer of it is left (every file naming it was left
/// out).</param>
/// <param name="Answers">Answers consolidated (one per annotator).</param>
public sealed record ImportedLabel(int Index, ImportedImage Image, ConsolidatedLabel? Label, int Answers);
