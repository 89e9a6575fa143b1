namespace GtCustomPose.Core.Answers;

/// <summary>
/// The crowd-2d-skeleton answer as our worker page posts it, found inside the payload's still-escaped string:
/// <c>{"updated_annotations":"[…]", …}</c> with the list first. Splitting it there lets the list be scanned where it
/// stands (<see cref="SkeletonListReader.TryScanEscapedTwice"/>) instead of validated and unescaped twice, once as
/// the payload's string and once as the answer's.
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
        // The first ]\" ends the list's string or lies past its end; the scan of the list refuses a list that holds
        // an end of the string (a quote not escaped twice), so a wrong guess here is never read.
        var end = escaped[listStart..].IndexOf("]\\\""u8);
        if (end < 0) return false;
        list = escaped.Slice(listStart, end + 1);
        rest = escaped[(listStart + end + 3)..];
        return rest.IndexOf("updated_annotations"u8) < 0;
    }
}
