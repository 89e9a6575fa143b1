namespace GtCustomPose.Core.Batch;

/// <summary>One data object of the payload with its answers.</summary>
public sealed record DataObjectAnswers(string DatasetObjectId, IReadOnlyList<AnswerReference> Answers);
