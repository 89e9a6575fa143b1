namespace GtCustomPose.Core.Consolidation;

internal sealed partial class FacingTally
{
    /// <summary>The counts, to be restored by <see cref="FromState"/>.</summary>
    public FacingState ToState()
    {
        var front = new long[_front.Count * 3];
        var i = 0;
        foreach (var ((members, placed), count) in _front.OrderBy(b => b.Key.Members).ThenBy(b => b.Key.Placed))
        {
            front[i++] = members;
            front[i++] = placed;
            front[i++] = count;
        }
        return new FacingState(
            _mirrored,
            _members,
            _backPlaced,
            _backSlots,
            _backSkeletons,
            _frontSlots,
            _declared,
            _declaredRight,
            front);
    }

    /// <summary>The tally <paramref name="state"/> describes.</summary>
    /// <exception cref="FormatException">The state is malformed; the message names the field.</exception>
    public static FacingTally FromState(FacingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var (name, value) in (ReadOnlySpan<(string, long)>)[
            ("mirrored", state.Mirrored), ("members", state.Members), ("backPlaced", state.BackPlaced),
            ("backSlots", state.BackSlots), ("backSkeletons", state.BackSkeletons), ("frontSlots", state.FrontSlots),
            ("declared", state.Declared), ("declaredRight", state.DeclaredRight)])
            if (value < 0) throw new FormatException($"facing.{name}: {value}, expected 0 or more");
        var front = state.Front ?? throw new FormatException("facing.front: missing");
        if (front.Length % 3 != 0)
        {
            throw new FormatException(
                $"facing.front: {front.Length} numbers, expected [members, placed, count] triples");
        }
        var tally = new FacingTally
        {
            _mirrored = state.Mirrored, _members = state.Members, _backPlaced = state.BackPlaced,
            _backSlots = state.BackSlots, _backSkeletons = state.BackSkeletons, _frontSlots = state.FrontSlots,
            _declared = state.Declared, _declaredRight = state.DeclaredRight,
        };
        for (var i = 0; i < front.Length; i += 3)
        {
            if (front[i] is < 1 or > int.MaxValue || front[i + 1] < 0 || front[i + 1] > front[i] || front[i + 2] < 1)
                throw new FormatException(
                    $"facing.front[{i}]: ({front[i]}, {front[i + 1]}, {front[i + 2]}) is not (members >= 1, " +
                    "0 <= placed <= members, count >= 1)");
            var key = ((int)front[i], (int)front[i + 1]);
            if (!tally._front.TryAdd(key, front[i + 2]))
                throw new FormatException($"facing.front[{i}]: ({key.Item1}, {key.Item2}) appears twice");
        }
        return tally;
    }
}
