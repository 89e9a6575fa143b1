using System.Buffers.Binary;
using System.Globalization;

namespace GtCustomPose.Core.Consolidation;

internal sealed partial class RunningMedian
{
    /// <summary>What this median holds, to be restored by <see cref="FromState"/> exactly as it is.</summary>
    public MedianState ToState()
    {
        if (_values is { } values)
        {
            var bytes = new byte[values.Count * sizeof(double)];
            for (var i = 0; i < values.Count; i++)
                BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), values[i]);
            return new MedianState(bytes, null);
        }
        var bins = new long[_bins!.Count * 2];
        var j = 0;
        foreach (var (bin, count) in _bins.OrderBy(b => b.Key))
        {
            bins[j++] = bin;
            bins[j++] = count;
        }
        return new MedianState(null, bins);
    }

    /// <summary>The median <paramref name="state"/> describes; the same values give the same median, bit for
    /// bit.</summary>
    /// <exception cref="FormatException">
    /// The state is malformed; the message names <paramref name="field"/>.
    /// </exception>
    public static RunningMedian FromState(MedianState state, string field)
    {
        ArgumentNullException.ThrowIfNull(state);
        var median = new RunningMedian();
        if ((state.Values is null) == (state.Bins is null))
            throw new FormatException($"{field}: expected exactly one of 'values' and 'bins'");
        if (state.Values is { } bytes)
        {
            if (bytes.Length % sizeof(double) != 0)
                throw new FormatException(
                    $"{field}.values: {bytes.Length} bytes is not a whole number of 8-byte doubles");
            // Add converts to bins past the exact limit, as adding the values one at a time would.
            for (var i = 0; i < bytes.Length; i += sizeof(double))
                median.Add(BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i)));
            return median;
        }
        var bins = state.Bins!;
        if (bins.Length % 2 != 0)
            throw new FormatException($"{field}.bins: {bins.Length} numbers, expected [bin, count] pairs");
        median._values = null;
        median._bins = [];
        for (var i = 0; i < bins.Length; i += 2)
        {
            var at = FormattableString.Invariant($"{field}.bins[{i}]");
            if (bins[i] is < int.MinValue or > int.MaxValue)
                throw new FormatException($"{at}: bin {bins[i]} is out of range");
            if (i > 0 && bins[i] <= bins[i - 2])
                throw new FormatException($"{at}: bins must be ascending and distinct");
            if (bins[i + 1] < 1)
                throw new FormatException(
                    $"{at}: count {bins[i + 1].ToString(CultureInfo.InvariantCulture)}, expected 1 or more");
            median._bins[(int)bins[i]] = bins[i + 1];
            median.Count += bins[i + 1];
        }
        return median;
    }
}
