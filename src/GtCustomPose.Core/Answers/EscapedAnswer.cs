namespace GtCustomPose.Core.Answers;

/// <summary>
/// The crowd-2d-skeleton answer as our worker page posts it, found inside the payload's still-escaped string:
/// <c>{"updated_annotations":"[…]", …}</c> with the list first. Splitting it there lets the list be scanned where it
/// stands (<see cref="SkeletonListReader.TryScanCompact(ReadOnlySpan{byte}, Core.Rigs.Rig, ImageSize?,
/// ReadOnlySpan{byte})"/> with <see cref="ListQuote"/>) instead of validated and unescaped twice, once as the
/// payload's string and once as the answer's.
/// </summary>
internal static class EscapedAnswer
{
    /// <summary>A quote of the list, escaped for the answer's string and again for the payload's.</summary>
    internal static ReadOnlySpan<byte> ListQuote => "\\\\\\\""u8;

    /// <summary>What stands for the list in the document made of the rest of the answer.</summary>
    internal static ReadOnlySpan<byte> StandIn => "{\"updated_annotations\":0"u8;

    private static ReadOnlySpan<byte> Start => "{\\\"updated_annotations\\\":\\\"["u8;

    /// <summary>
    /// Splits <paramref name="escaped"/> (the inside of a validated JSON string) into the skeleton list, still
    /// escaped, and the rest of the answer after the list's string, still escaped once. False for any other form,
    /// including a second <c>updated_annotations</c>, which the general reader settles.
    /// </summary>
    internal static bool TryParse(ReadOnlySpan<byte> escaped, out ReadOnlySpan<byte> list, out ReadOnlySpan<byte> rest)
    {
        list = rest = default;
        if (escaped.Length > AnswerParser.MaxAnswerBytes || !escaped.StartsWith(Start)) return false;
        var listStart = Start.Length - 1;
        var i = listStart;
        while (true)
        {
            var next = escaped[i..].IndexOf((byte)'"');
            if (next < 0) return false;
            i += next;
            var backslashes = 0;
            while (escaped[i - 1 - backslashes] == (byte)'\\') backslashes++;
            // Three: a quote inside the list. One: the quote that ends the list's string. Any other count is an
            // escape this form does not have.
            if (backslashes == 1) break;
            if (backslashes != 3) return false;
            i++;
        }
        list = escaped[listStart..(i - 1)];
        rest = escaped[(i + 1)..];
        return rest.IndexOf("updated_annotations"u8) < 0;
    }
}
