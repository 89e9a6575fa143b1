using System.Globalization;
using System.Text.Json;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Answers;

/// <summary>
/// The fast readers of a crowd-2d-skeleton list <c>[{name, facing, annotations: [{label, x, y, visible}]}]</c>,
/// straight
/// from UTF-8 text without a document: a hand scanner for the exact form our worker page writes, then a token reader
/// for any key order and spacing. Both apply <see cref="SkeletonRules"/> and return null for anything the rules refuse
/// or that needs a line in <c>problems</c> (or is not JSON), so <see cref="InstanceReader.Read"/> describes it; for
/// every input they accept, the result equals the general reader's.
/// </summary>
internal static class SkeletonListReader
{
    /// <summary>The skeletons of <paramref name="utf8"/>, or null when the general reader must read it.</summary>
    internal static List<SkeletonInstance>? TryRead(ReadOnlySpan<byte> utf8, Rig rig, ImageSize? bounds) =>
        TryScanCompact(utf8, rig, bounds) ?? TryReadTokens(utf8, rig, bounds);

    /// <summary>The token reader: any key order, any spacing; null as <see cref="TryRead"/>.</summary>
    internal static List<SkeletonInstance>? TryReadTokens(ReadOnlySpan<byte> utf8, Rig rig, ImageSize? bounds)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return null;
            var result = new List<SkeletonInstance>();
            Span<bool> seen = stackalloc bool[rig.Count];
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                if (result.Count == SkeletonRules.MaxInstances) return null;
                if (ReadInstance(ref reader, rig, bounds, seen, result.Count) is not { } instance) return null;
                result.Add(instance);
            }
            if (reader.TokenType != JsonTokenType.EndArray || reader.Read()) return null;
            return result;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON, or an escape no string can hold (a lone surrogate): the general reader says which.
            return null;
        }
    }

    private static SkeletonInstance? ReadInstance(
        ref Utf8JsonReader reader, Rig rig, ImageSize? bounds, scoped Span<bool> seen, int index)
    {
        string? name = null;
        bool hasName = false, hasFacing = false;
        var facing = Facing.Unknown;
        List<Keypoint>? points = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8) && !hasName)
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.String) return null;
                hasName = true;
                name = reader.GetString();
            }
            else if (reader.ValueTextEquals("facing"u8) && !hasFacing)
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped) return null;
                if (!SkeletonRules.TryFacing(reader.ValueSpan, out facing)) return null;
                hasFacing = true;
            }
            else if (reader.ValueTextEquals("annotations"u8) && points is null)
            {
                points = ReadPoints(ref reader, rig, bounds, seen);
                if (points is null) return null;
            }
            else
            {
                // "label" makes it a flat point list, "keypoints" another shape; a repeated field is ambiguous.
                return null;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject || points is null) return null;
        return new SkeletonInstance(SkeletonRules.InstanceName(name, index), points, facing);
    }

    private static List<Keypoint>? ReadPoints(
        ref Utf8JsonReader reader, Rig rig, ImageSize? bounds, scoped Span<bool> seen)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return null;
        var points = new PointCollector(rig, bounds, seen, rig.Count);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var label = -1;
            double x = double.NaN, y = double.NaN;
            bool? visible = null;
            bool hasLabel = false, hasX = false, hasY = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("label"u8))
                {
                    if (hasLabel || !reader.Read() || reader.TokenType != JsonTokenType.String) return null;
                    hasLabel = true;
                    label = rig.IndexOf(ref reader, points.LabelHint);
                }
                else if (reader.ValueTextEquals("x"u8))
                {
                    if (hasX
                        || !reader.Read()
                        || reader.TokenType != JsonTokenType.Number
                        || !reader.TryGetDouble(out x))
                        return null;
                    hasX = true;
                }
                else if (reader.ValueTextEquals("y"u8))
                {
                    if (hasY
                        || !reader.Read()
                        || reader.TokenType != JsonTokenType.Number
                        || !reader.TryGetDouble(out y))
                        return null;
                    hasY = true;
                }
                else if (reader.ValueTextEquals("visible"u8))
                {
                    if (visible is not null || !reader.Read()) return null;
                    if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False)) return null;
                    visible = reader.TokenType == JsonTokenType.True;
                }
                else
                {
                    // Other fields of a point are not used, as in the general reader.
                    reader.Skip();
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || !hasLabel || !hasX || !hasY) return null;
            if (points.Add(label, x, y, visible) != PointVerdict.Kept) return null;
        }
        return reader.TokenType == JsonTokenType.EndArray ? points.Points : null;
    }

    /// <summary>
    /// The skeleton list as our worker page's <c>JSON.stringify</c> writes it, scanned by hand:
    /// <c>[{"name":"…","facing":"front","annotations":[{"label":"…","x":1,"y":2.5,"visible":true},…]},…]</c>
    /// with no whitespace, these keys in this order (<c>facing</c> and <c>visible</c> optional, as older pages lack
    /// them), printable ASCII names without escapes and plain decimal numbers. Null for anything else, which the token
    /// reader then takes. A JSON reader spends several tokens per keypoint, which made this list the largest cost of
    /// parsing a batch.
    /// </summary>
    internal static List<SkeletonInstance>? TryScanCompact(ReadOnlySpan<byte> s, Rig rig, ImageSize? bounds) =>
        TryScanCompact(s, rig, bounds, Form.Plain);

    /// <summary>
    /// <see cref="TryScanCompact(ReadOnlySpan{byte}, Rig, ImageSize?)"/> of the list as it stands inside an answer
    /// inside the payload's string, escaped twice: every quote of the list is <see cref="EscapedAnswer.ListQuote"/>,
    /// every other byte as in the plain form. What it accepts holds no other escape, so it reads the same as the
    /// unescaped list.
    /// </summary>
    internal static List<SkeletonInstance>? TryScanEscapedTwice(ReadOnlySpan<byte> s, Rig rig, ImageSize? bounds) =>
        TryScanCompact(s, rig, bounds, Form.EscapedTwice);

    /// <summary>The fixed parts of the compact form, with its quotes as they stand at one level of
    /// escaping.</summary>
    private sealed class Form
    {
        public static readonly Form Plain = new("\""u8);
        public static readonly Form EscapedTwice = new(EscapedAnswer.ListQuote);

        private Form(ReadOnlySpan<byte> quote)
        {
            Quote = quote.ToArray();
            Name = With("{\"name\":"u8);
            Facing = With(",\"facing\":"u8);
            Annotations = With(",\"annotations\":["u8);
            Label = With("{\"label\":"u8);
            X = With(",\"x\":"u8);
            Y = With(",\"y\":"u8);
            Visible = With(",\"visible\":"u8);
        }

        public byte[] Quote { get; }
        public byte[] Name { get; }
        public byte[] Facing { get; }
        public byte[] Annotations { get; }
        public byte[] Label { get; }
        public byte[] X { get; }
        public byte[] Y { get; }
        public byte[] Visible { get; }

        private byte[] With(ReadOnlySpan<byte> plain)
        {
            var result = new List<byte>();
            foreach (var b in plain)
            {
                if (b == (byte)'"') result.AddRange(Quote);
                else result.Add(b);
            }
            return [.. result];
        }
    }

    private static List<SkeletonInstance>? TryScanCompact(ReadOnlySpan<byte> s, Rig rig, ImageSize? bounds, Form f)
    {
        var quote = f.Quote.AsSpan();
        var p = 0;
        if (!Take(s, ref p, "["u8)) return null;
        var result = new List<SkeletonInstance>();
        if (Take(s, ref p, "]"u8)) return p == s.Length ? result : null;
        Span<bool> seen = stackalloc bool[rig.Count];
        while (true)
        {
            if (result.Count == SkeletonRules.MaxInstances) return null;
            if (!Take(s, ref p, f.Name) || !TakeText(s, ref p, quote, out var nameUtf8)) return null;
            var facing = Facing.Unknown;
            if (Take(s, ref p, f.Facing) && (
                !TakeText(s, ref p, quote, out var word) || !SkeletonRules.TryFacing(word, out facing))) return null;
            if (!Take(s, ref p, f.Annotations)) return null;
            var points = new PointCollector(rig, bounds, seen, rig.Count);
            var more = !Take(s, ref p, "]"u8);
            while (more)
            {
                if (!Take(s, ref p, f.Label) || !TakeText(s, ref p, quote, out var labelUtf8))
                    return null;
                var label = rig.IndexOf(labelUtf8, points.LabelHint);
                if (!Take(s, ref p, f.X) || !TakeNumber(s, ref p, out var x)) return null;
                if (!Take(s, ref p, f.Y) || !TakeNumber(s, ref p, out var y)) return null;
                bool? visible = null;
                if (Take(s, ref p, f.Visible))
                {
                    if (Take(s, ref p, "true"u8)) visible = true;
                    else if (Take(s, ref p, "false"u8)) visible = false;
                    else return null;
                }
                if (!Take(s, ref p, "}"u8) || points.Add(label, x, y, visible) != PointVerdict.Kept) return null;
                more = !Take(s, ref p, "]"u8);
                if (more && !Take(s, ref p, ","u8)) return null;
            }
            if (!Take(s, ref p, "}"u8)) return null;
            var name = SkeletonRules.InstanceName(Name(nameUtf8), result.Count);
            result.Add(new SkeletonInstance(name, points.Points, facing));
            if (Take(s, ref p, "]"u8)) return p == s.Length ? result : null;
            if (!Take(s, ref p, ","u8)) return null;
        }
    }

    private static bool Take(ReadOnlySpan<byte> s, ref int p, ReadOnlySpan<byte> expected)
    {
        if (!s[p..].StartsWith(expected)) return false;
        p += expected.Length;
        return true;
    }

    // Workers name their skeletons alike ("person"): the name this thread read last is reused, not made again.
    [ThreadStatic] private static string? t_lastName;

    private static string Name(ReadOnlySpan<byte> ascii)
    {
        if (t_lastName is { } last && System.Text.Ascii.Equals(ascii, last)) return last;
        return t_lastName = System.Text.Encoding.ASCII.GetString(ascii);
    }

    /// <summary>A quoted string of printable ASCII without escapes; anything else is left to the reader.</summary>
    private static bool TakeText(ReadOnlySpan<byte> s, ref int p, ReadOnlySpan<byte> quote, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (!s[p..].StartsWith(quote)) return false;
        var start = p + quote.Length;
        var end = start;
        while (end < s.Length && s[end] is >= 0x20 and < 0x7F and not (byte)'"' and not (byte)'\\') end++;
        if (!s[end..].StartsWith(quote)) return false;
        text = s[start..end];
        p = end + quote.Length;
        return true;
    }

    /// <summary>A JSON number without an exponent (-?(0|[1-9][0-9]*)(.[0-9]+)?), finite.</summary>
    private static bool TakeNumber(ReadOnlySpan<byte> s, ref int p, out double value)
    {
        value = double.NaN;
        var start = p;
        var i = p;
        if (i < s.Length && s[i] == (byte)'-') i++;
        var digits = i;
        while (i < s.Length && char.IsAsciiDigit((char)s[i])) i++;
        if (i == digits || (s[digits] == (byte)'0' && i - digits > 1)) return false;
        var integer = i;
        if (i < s.Length && s[i] == (byte)'.')
        {
            var fraction = ++i;
            while (i < s.Length && char.IsAsciiDigit((char)s[i])) i++;
            if (i == fraction) return false;
        }
        if (i < s.Length && (s[i] | 0x20) == (byte)'e') return false;
        if (i == integer && integer - digits <= 15)
        {
            // Whole pixels, as browsers post many clicks: exact without the general parser.
            long whole = 0;
            foreach (var d in s[digits..integer]) whole = whole * 10 + (d - '0');
            value = s[start] == (byte)'-' ? -(double)whole : whole;
        }
        else if (!double.TryParse(s[start..i], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                     CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            return false;
        }
        p = i;
        return true;
    }
}
