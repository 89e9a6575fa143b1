using GtCustomPose.Core.Answers;

namespace GtCustomPose.Core.Tests;

/// <summary>
/// Answers built directly, for what the fixture's crowd-2d-skeleton text does not carry: stated visibility and facing.
/// </summary>
internal static class Stated
{
    public static WorkerAnswer Answer(string worker, params SkeletonInstance[] instances) =>
        new(worker, AnswerFormat.Crowd2dSkeleton, instances, null, null, null, null, []);

    public static SkeletonInstance Facing(SkeletonInstance s, Facing facing) => s with { Facing = facing };

    /// <summary>The skeleton with <paramref name="visible"/> stated for the given labels (all when none
    /// given).</summary>
    public static SkeletonInstance Visible(SkeletonInstance s, bool visible, params string[] labels) => s with
    {
        Keypoints = s.Keypoints.Select(k => labels.Length == 0 || labels.Contains(k.Label)
            ? k with { Visible = visible } : k)
            .ToArray(),
    };
}
