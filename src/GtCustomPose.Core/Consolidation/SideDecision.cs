namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// One cluster's mirror vote as side repair took it, with what it was taken from: the pairwise readings, and the face
/// when it was asked. These are the only parts of stages 1 to 3 that depend on the workers' mirror rates
/// (<see cref="ConsolidationOptions.WorkerRates"/>) and the facing assumptions; a later pass with other ones replays
/// them (<see cref="Decides"/>) to tell whether its repair would come out the same, instead of matching and repairing
/// the object again.
/// </summary>
/// <param name="Same">Per member, the members it reads the same way as (bit per member).</param>
/// <param name="Mirrored">Per member, the members it reads as mirror images of.</param>
/// <param name="Initial">Members flipped during matching.</param>
/// <param name="Workers">Per member, its usable answer.</param>
/// <param name="Flips">Members the vote flipped.</param>
/// <param name="Clear">Whether the vote was clear.</param>
internal sealed record SideDecision(uint[] Same, uint[] Mirrored, uint Initial, int[] Workers, uint Flips, bool Clear)
{
    /// <summary>The face's question and answer; null when the face was not asked.</summary>
    public (FaceQuestion Question, FaceAnswer Answer)? Face { get; set; }

    /// <summary>Whether the vote, and the face if asked, decide the same under <paramref name="options"/>.</summary>
    /// <param name="options">The other pass's options.</param>
    /// <param name="workerIds">The object's usable answers' worker ids.</param>
    public bool Decides(ConsolidationOptions options, IReadOnlyList<string> workerIds)
    {
        var costs = SideRepair.FlipCosts(options.WorkerRates, workerIds);
        Span<double> member = costs is null ? default : stackalloc double[Workers.Length];
        if (costs is not null) for (var j = 0; j < Workers.Length; j++) member[j] = costs[Workers[j]];
        var clear = SideVote.Orient(Same, Mirrored, Initial, out var flips, out _, member, out _);
        if (flips != Flips || clear != Clear) return false;
        return Face is not { } face || face.Question.Answer(options.Facing, costs) == face.Answer;
    }
}
