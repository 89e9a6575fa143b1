namespace GtCustomPose.Core.Answers;

/// <summary>One worker's parsed answer for one data object.</summary>
/// <param name="WorkerId">Ground Truth's worker id.</param>
/// <param name="Format">Which element produced it; <see cref="AnswerFormat.Unreadable"/> when it could not be
/// read.</param>
/// <param name="Instances">Skeletons the worker placed (pixels, top-left origin).</param>
/// <param name="ImageSize">Image size the answer states, when it states one.</param>
/// <param name="NoChangesNeeded">The worker ticked "no changes needed" (crowd-2d-skeleton), when stated.</param>
/// <param name="WasModified">Whether updated and original annotations differ as structures; null without
/// originals.</param>
/// <param name="TotalTimeInSeconds">Time the worker spent, when stated.</param>
/// <param name="Problems">One line per part of the answer that was not used, or why the answer is unreadable.</param>
public sealed record WorkerAnswer(
    string WorkerId,
    AnswerFormat Format,
    IReadOnlyList<SkeletonInstance> Instances,
    ImageSize? ImageSize,
    bool? NoChangesNeeded,
    bool? WasModified,
    double? TotalTimeInSeconds,
    IReadOnlyList<string> Problems)
{
    /// <summary>Whether the answer can take part in consolidation.</summary>
    public bool IsUsable => Format != AnswerFormat.Unreadable;

    /// <summary>An answer that could not be read, with the reason.</summary>
    public static WorkerAnswer Unreadable(string workerId, string reason) =>
        new(workerId, AnswerFormat.Unreadable, [], null, null, null, null, [reason]);
}
