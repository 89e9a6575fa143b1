namespace GtCustomPose.Core.Consolidation;

/// <summary>How many of a cluster's members declared each facing (<see cref="SkeletonInstance.Facing"/>).</summary>
internal readonly record struct DeclaredFacing(int Front, int Back, int Side)
{
    /// <summary>One worker's declaration.</summary>
    public static DeclaredFacing Of(Facing facing) =>
        new(facing == Facing.Front ? 1 : 0, facing == Facing.Back ? 1 : 0, facing == Facing.Side ? 1 : 0);

    public static DeclaredFacing Of(List<WorkerSkeleton> members)
    {
        int front = 0, back = 0, side = 0;
        foreach (var m in members)
        {
            if (m.Facing == Facing.Front) front++;
            else if (m.Facing == Facing.Back) back++;
            else if (m.Facing == Facing.Side) side++;
        }
        return new DeclaredFacing(front, back, side);
    }

    /// <summary>
    /// The facing most declarers gave (<c>front</c>, <c>back</c>, <c>side</c>); null on a tie or when none declared.
    /// </summary>
    public string? Majority =>
        Front > Back && Front > Side ? "front"
        : Back > Front && Back > Side ? "back"
        : Side > Front && Side > Back ? "side"
        : null;
}
