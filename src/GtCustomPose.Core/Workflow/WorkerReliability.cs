namespace GtCustomPose.Core.Workflow;

/// <summary>One level-1 worker as the labels saw them.</summary>
/// <param name="WorkerId">Ground Truth's worker id.</param>
/// <param name="Answers">Level-1 labels with an answer of theirs.</param>
/// <param name="MeanAgreement">Mean OKS of their skeletons to the consensus, 0 to 1; null when never scored.</param>
/// <param name="Mirrored">Answers of theirs that had a skeleton mirrored or a left/right pair swapped.</param>
public sealed record WorkerReliability(string WorkerId, int Answers, double? MeanAgreement, int Mirrored);
