using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// Stages 1 to 3 of one object as the batch estimate ran them, kept for the object's consolidation: the estimate
/// pass and the consolidate pass would otherwise match and repair every object twice.
/// </summary>
/// <param name="Sides">Matched and repaired (the members are turned in place: one consolidation uses them).</param>
/// <param name="Noise">Each worker's own noise in this object, before the batch's (applied after).</param>
/// <param name="Rig">The rig they were prepared with.</param>
/// <param name="Options">The options they were prepared with.</param>
/// <param name="WorkerIds">The usable answers' worker ids.</param>
internal sealed record PreparedObject(RepairedSides Sides, WorkerNoise Noise, Rig Rig, ConsolidationOptions Options,
    IReadOnlyList<string> WorkerIds)
{
    /// <summary>
    /// Whether preparing again with <paramref name="options"/> would give the same: the same rig and answers, the
    /// same options but for the worker noise and doubt (applied after stage 3), the facing assumptions and the
    /// workers' rates, and every contested mirror vote deciding the same under those two
    /// (<see cref="SideDecision.Decides"/>).
    /// </summary>
    public bool Holds(Rig rig, int usable, ConsolidationOptions options) =>
        ReferenceEquals(rig, Rig) && usable == Sides.Workers
        && options == Options with
        {
            WorkerNoise = options.WorkerNoise, WorkerDoubt = options.WorkerDoubt, Facing = options.Facing,
            WorkerRates = options.WorkerRates,
        }
        && Sides.Decisions.All(d => d.Decides(options, WorkerIds));
}
