using System.Globalization;

namespace GtCustomPose.Core.Exports;

/// <summary>
/// Writes a fraction in 0..1 as UTF-8 exactly as <c>ToString("0.######", InvariantCulture)</c> would, at a fraction
/// of its cost: YOLO writes 38 numbers a skeleton, and the custom format (15 significant digits, then a second
/// rounding to 6 decimals over the digit text) was a third of the export's reading thread.
/// </summary>
internal static class FractionFormat
{
    /// <summary>
    /// Distance from a rounding tie (in millionths) inside which the quick path cannot know what the 15-digit text
    /// would round to: the 15-digit rounding moves a value below 1 by at most 1e-15, i.e. 1e-9 millionths, and the
    /// product by 1e6 adds at most 6e-11; ten times that margin costs nothing (such values are one in 50 million).
    /// </summary>
    private const double TieMargin = 1e-8;

    /// <summary>Bytes <see cref="TryWrite"/> may need.</summary>
    public const int MaxBytes = 32;

    /// <summary>Writes <paramref name="fraction"/> (any double; the quick path takes 0 &lt; f &lt; 1).</summary>
    public static bool TryWrite(double fraction, Span<byte> destination, out int written)
    {
        if (fraction > 0 && fraction < 1 && destination.Length >= 8)
        {
            var millionths = fraction * 1e6;
            var whole = Math.Floor(millionths);
            var rest = millionths - whole;
            // A product of exactly k + 0.5 lies within 1.2e-16 (relative) of the tie, closer than half a unit of
            // the 15th digit, so the 15-digit text is the tie itself and the text rounding takes it up. Pixel
            // coordinates over usual widths hit it often (on 1920 px, every whole x = 3 mod 6), hence not left to the
            // slow path.
            if (rest == 0.5 || Math.Abs(rest - 0.5) > TieMargin)
            {
                written = Write((int)whole + (rest >= 0.5 ? 1 : 0), destination);
                return true;
            }
        }
        return fraction.TryFormat(destination, out written, "0.######", CultureInfo.InvariantCulture);
    }

    // n millionths, 0..1,000,000: "0", "1", or "0." and the six decimals without trailing zeros.
    private static int Write(int n, Span<byte> destination)
    {
        if (n == 0) { destination[0] = (byte)'0'; return 1; }
        if (n == 1_000_000) { destination[0] = (byte)'1'; return 1; }
        destination[0] = (byte)'0';
        destination[1] = (byte)'.';
        var end = 8;
        while (n % 10 == 0) { n /= 10; end--; }
        for (var i = end - 1; i >= 2; i--, n /= 10) destination[i] = (byte)('0' + n % 10);
        return end;
    }
}
