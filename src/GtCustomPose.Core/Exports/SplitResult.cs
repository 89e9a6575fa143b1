namespace GtCustomPose.Core.Exports;

/// <summary>What a split did.</summary>
/// <param name="Splits">Per split in the order asked (train, val, test), including the empty ones.</param>
/// <param name="Unmatched">Lines whose source-ref the group pattern did not match (each then its own group).</param>
/// <param name="WithoutSourceRef">Lines without a readable source-ref (grouped by their text).</param>
public sealed record SplitResult(IReadOnlyList<SplitCount> Splits, int Unmatched, int WithoutSourceRef);
