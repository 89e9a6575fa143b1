using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core.Batch;

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
