using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core.Batch;

/// <summary>What became of one element of the payload: a label, or the reason there is none.</summary>
/// <param name="Index">The element's position in the payload.</param>
public abstract record ObjectOutcome(int Index)
{
    /// <summary>The object's id; null when the element has no usable one.</summary>
    public abstract string? DatasetObjectId { get; }

    /// <summary>The object was consolidated.</summary>
    public sealed record Labelled(int Index, string DatasetObjectId, ConsolidatedLabel Label) : ObjectOutcome(Index)
    {
        /// <summary>The object's id.</summary>
        public override string DatasetObjectId { get; } = DatasetObjectId;
    }

    /// <summary>
    /// The object gets no label and is left out of the response (Ground Truth marks it failed). The reason names the
    /// element or object and the cause; it quotes no answer, so it may be logged.
    /// </summary>
    public sealed record Failed(int Index, string? DatasetObjectId, string Reason) : ObjectOutcome(Index)
    {
        /// <summary>The object's id; null when the element has no usable one.</summary>
        public override string? DatasetObjectId { get; } = DatasetObjectId;

        /// <summary>The line the batch logs for it.</summary>
        public string LogLine => DatasetObjectId is null
            ? $"{Reason}; the element is skipped"
            : $"data object {DatasetObjectId} left out (Ground Truth marks it failed): {Reason}";
    }
}
