namespace GtCustomPose.Core;

/// <summary>
/// Writes a double as UTF-8 exactly as <c>Utf8JsonWriter.WriteNumberValue</c> does (the shortest text that reads
/// back as the same double), quickly for the values labels hold: magnitudes from 0.001 to 10⁹ with at most six
/// decimals, which coordinates, confidences and agreements rounded to a few decimals are. Other values are left to the
/// writer.
/// </summary>
internal static class DecimalText
{
    /// <summary>Bytes <see cref="TryWrite"/> may need: a sign, nine digits, a point and six decimals.</summary>
    public const int MaxBytes = 17;

    private static readonly double[] Powers = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6];

    /// <summary>Writes <paramref name="value"/> when it is a decimal of this form; false (nothing written) for any
    /// other.</summary>
    public static bool TryWrite(double value, Span<byte> destination, out int written)
    {
        written = 0;
        var magnitude = Math.Abs(value);
        if (destination.Length < MaxBytes) return false;
        if (value == 0 && !double.IsNegative(value))
        {
            destination[0] = (byte)'0';
            written = 1;
            return true;
        }
        if (magnitude is not (>= 1e-3 and < 1e9)) return false;
        for (var decimals = 0; decimals < Powers.Length; decimals++)
        {
            // m / 10^k is the correctly rounded double of the decimal m·10^-k (m and 10^k are exact), so equality
            // means that text reads back as the value; the first k that does gives the fewest digits, and below 10^9
            // the spacing of doubles is too fine for a second m at that k to read back as it too.
            var scaled = Math.Round(magnitude * Powers[decimals]);
            if (scaled / Powers[decimals] != magnitude) continue;
            written = Write((long)scaled, decimals, value < 0, destination);
            return true;
        }
        return false;
    }

    private static int Write(long digits, int decimals, bool negative, Span<byte> destination)
    {
        Span<byte> reversed = stackalloc byte[MaxBytes];
        var n = 0;
        for (var i = 0; i < decimals; i++, digits /= 10) reversed[n++] = (byte)('0' + digits % 10);
        if (decimals > 0) reversed[n++] = (byte)'.';
        do
        {
            reversed[n++] = (byte)('0' + digits % 10);
            digits /= 10;
        }
        while (digits != 0);
        if (negative) reversed[n++] = (byte)'-';
        for (var i = 0; i < n; i++) destination[i] = reversed[n - 1 - i];
        return n;
    }
}
