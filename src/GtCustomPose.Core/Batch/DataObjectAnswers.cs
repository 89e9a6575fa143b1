namespace GtCustomPose.Core.Batch;

/// <summary>One data object of the payload with its answers.</summary>
internal sealed record DataObjectAnswers(string DatasetObjectId, IReadOnlyList<AnswerReference> Answers);
