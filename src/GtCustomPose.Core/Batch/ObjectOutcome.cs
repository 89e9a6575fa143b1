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

/// <summary>A consolidated batch: one outcome per payload element (in payload order, repeated ids left out) and
/// counts.</summary>
/// <param name="LabelAttributeName">The job's label attribute, the key each label is written under.</param>
/// <param name="Outcomes">Per element, a label or a failure.</param>
/// <param name="Objects">Elements the payload held, repeated ids included.</param>
/// <param name="Answers">Answers the payload listed.</param>
public sealed record BatchResult(
    string LabelAttributeName, IReadOnlyList<ObjectOutcome> Outcomes, int Objects, int Answers)
{
    /// <summary>The labels, in payload order: what the response holds.</summary>
    public IReadOnlyList<ObjectOutcome.Labelled> Labels { get; } = Outcomes.OfType<ObjectOutcome.Labelled>().ToList();

    /// <summary>Objects that got a label.</summary>
    public int Consolidated => Labels.Count;

    /// <summary>Elements that got none.</summary>
    public int Failed => Outcomes.Count - Labels.Count;

    /// <summary>Labels that need review.</summary>
    public int NeedsReview => Labels.Count(l => l.Label.NeedsReview);

    /// <summary>Bytes of the response when it was written with the batch
    /// (<see cref="BatchConsolidator.ConsolidateAsync(PostAnnotationRequest, Stream, CancellationToken)"/>); else
    /// 0.</summary>
    public long ResponseBytes { get; init; }

    /// <summary>The response array Ground Truth expects, in a buffer positioned at its start.</summary>
    /// <param name="compact">Labels without per-keypoint details (<see cref="ConsolidatedLabel.Compact"/>), for a
    /// response that must be smaller.</param>
    public MemoryStream WriteResponse(bool compact = false) => BatchResponse.Write(Labels, LabelAttributeName, compact);
}
