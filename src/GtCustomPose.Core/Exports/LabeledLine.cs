using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core.Exports;

/// <summary>One manifest line that carries the label attribute.</summary>
/// <param name="Number">1-based line number.</param>
/// <param name="SourceRef">The line's <c>source-ref</c>; null when it has none.</param>
/// <param name="Label">The consolidated label under the label attribute.</param>
public sealed record LabeledLine(int Number, string? SourceRef, ConsolidatedLabel Label);
