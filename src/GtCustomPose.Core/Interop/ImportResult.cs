namespace GtCustomPose.Core.Interop;

/// <summary>What an import consolidated.</summary>
/// <param name="Images">Images written, every one named by a file used.</param>
/// <param name="Annotators">Annotators with at least one answer consolidated.</param>
/// <param name="Answers">Answers consolidated (image × annotator).</param>
/// <param name="People">Consolidated people (skeletons).</param>
/// <param name="NeedsReview">Images whose label needs review (those without any answer included).</param>
/// <param name="SingleAnnotator">Images only one annotator answered (flagged <c>single_worker</c>).</param>
/// <param name="NoAnswer">Images without an answer left (named only by files left out).</param>
/// <param name="DuplicateAnswers">Answers left out because their annotator had answered the image already.</param>
public sealed record ImportResult(
    int Images, int Annotators, long Answers, long People, int NeedsReview, int SingleAnnotator, int NoAnswer,
    long DuplicateAnswers);
