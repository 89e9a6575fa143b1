using System.Text.Json;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Answers;

/// <summary>
/// Reads skeleton instances from the shapes that pre-labels, worker answers and earlier jobs' labels use:
/// crowd-2d-skeleton <c>[{name, annotations: [{label, x, y}]}]</c>, a flat <c>[{label, x, y}]</c> list (one instance),
/// crowd-keypoint <c>{keypoints: [...]}</c> (optionally under <c>annotatedResult</c>), a list of those, and this project's
/// consolidated label <c>{instances: [{name, keypoints: [...]}]}</c>.
/// Points that cannot be used (label outside the rig, coordinate not a finite number, far outside the image) are left
/// out and each is described in <c>problems</c>; nothing is dropped without a line there.
/// </summary>
public static class InstanceReader
{
    /// <summary>At most this many instances are read from one answer; the rest is reported.</summary>
    public const int MaxInstances = 64;

    /// <summary>
    /// Reads instances; returns null when <paramref name="element"/> has none of the known shapes.
    /// </summary>
    /// <param name="element">The JSON value.</param>
    /// <param name="rig">Labels are checked against it.</param>
    /// <param name="where">The field path for messages, e.g. <c>annotations</c>.</param>
    /// <param name="problems">Receives one line for each point or instance left out.</param>
    /// <param name="bounds">When known, points more than one image size outside it are reported and left out.</param>
    public static List<SkeletonInstance>? Read(JsonElement element, Rig rig, string where, List<string> problems, ImageSize? bounds = null)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("annotatedResult", out var ar) && ar.ValueKind == JsonValueKind.Object)
                    return Read(ar, rig, where + ".annotatedResult", problems, bounds);
                if (element.TryGetProperty("instances", out var inst) && inst.ValueKind == JsonValueKind.Array)
                    return ReadList(inst, rig, where + ".instances", problems, bounds);
                if (element.TryGetProperty("keypoints", out var kps) && kps.ValueKind == JsonValueKind.Array)
                    return [ReadInstance(element, "skeleton_1", rig, where, problems, bounds)];
                return null;
            case JsonValueKind.Array:
                return ReadList(element, rig, where, problems, bounds);
            default:
                return null;
        }
    }

    private static List<SkeletonInstance>? ReadList(JsonElement array, Rig rig, string where, List<string> problems, ImageSize? bounds)
    {
        var count = array.GetArrayLength();
        if (count == 0) return [];
        // A flat list of points is one instance.
        var flat = true;
        foreach (var i in array.EnumerateArray())
        {
            if (i.ValueKind == JsonValueKind.Object && i.TryGetProperty("label", out _) && !i.TryGetProperty("annotations", out _) && !i.TryGetProperty("keypoints", out _)) continue;
            flat = false;
            break;
        }
        if (flat) return [ReadPoints(array, "skeleton_1", rig, where, problems, bounds)];
        var result = new List<SkeletonInstance>(Math.Min(count, MaxInstances));
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (index == MaxInstances)
            {
                problems.Add($"{where}: {count} instances, only the first {MaxInstances} are read");
                break;
            }
            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{where}[{index}]: expected an object, found {item.ValueKind}");
                index++;
                continue;
            }
            var name = item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() is { } given && !string.IsNullOrWhiteSpace(given)
                ? given : $"skeleton_{index + 1}";
            result.Add(ReadInstance(item, name, rig, $"{where}[{index}]", problems, bounds));
            index++;
        }
        return result;
    }

    private static SkeletonInstance ReadInstance(JsonElement item, string name, Rig rig, string where, List<string> problems, ImageSize? bounds)
    {
        foreach (var key in (ReadOnlySpan<string>)["annotations", "keypoints"])
        {
            if (item.TryGetProperty(key, out var pts))
            {
                if (pts.ValueKind == JsonValueKind.Array) return ReadPoints(pts, name, rig, $"{where}.{key}", problems, bounds);
                problems.Add($"{where}.{key}: expected an array, found {pts.ValueKind}");
                return new SkeletonInstance(name, []);
            }
        }
        problems.Add($"{where}: instance '{name}' has neither 'annotations' nor 'keypoints'");
        return new SkeletonInstance(name, []);
    }

    private static SkeletonInstance ReadPoints(JsonElement array, string name, Rig rig, string where, List<string> problems, ImageSize? bounds)
    {
        var points = new List<Keypoint>(Math.Min(array.GetArrayLength(), rig.Count));
        Span<bool> seen = stackalloc bool[rig.Count];
        var i = -1;
        foreach (var p in array.EnumerateArray())
        {
            i++;
            if (p.ValueKind != JsonValueKind.Object) { problems.Add($"{where}[{i}]: expected {{label, x, y}}, found {p.ValueKind}"); continue; }
            if (!p.TryGetProperty("label", out var l) || l.ValueKind != JsonValueKind.String) { problems.Add($"{where}[{i}].label: missing or not a string"); continue; }
            var index = rig.IndexOf(l);
            if (index < 0) { problems.Add($"{where}[{i}].label: '{Shorten(l.GetString()!)}' is not in the rig '{rig.Name}'"); continue; }
            var label = rig.Keypoints[index].Label;
            if (!TryCoordinate(p, "x", out var x, out var why) || !TryCoordinate(p, "y", out var y, out why)) { problems.Add($"{where}[{i}]: {why} ('{label}')"); continue; }
            if (bounds is { } b && FarOutside(x, y, b))
            {
                problems.Add($"{where}[{i}]: ({x}, {y}) is far outside the {b.Width}x{b.Height} image ('{label}')");
                continue;
            }
            if (seen[index]) { problems.Add($"{where}[{i}]: '{label}' placed twice in instance '{name}', the first is kept"); continue; }
            seen[index] = true;
            points.Add(new Keypoint(label, x, y));
        }
        return new SkeletonInstance(name, points);
    }

    private static bool TryCoordinate(JsonElement p, string axis, out double value, out string why)
    {
        value = double.NaN;
        why = "";
        if (!p.TryGetProperty(axis, out var v)) { why = $"'{axis}' is missing"; return false; }
        var ok = v.ValueKind switch
        {
            JsonValueKind.Number => v.TryGetDouble(out value),
            // Form posts sometimes carry numbers as strings.
            JsonValueKind.String => double.TryParse(v.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value),
            _ => false,
        };
        if (!ok || !double.IsFinite(value)) { why = $"'{axis}' is {Shorten(v.GetRawText())}, not a finite number"; return false; }
        return true;
    }

    /// <summary>
    /// Reads the crowd-2d-skeleton list <c>[{name, annotations: [{label, x, y}]}]</c> straight from UTF-8 text, without a
    /// document. Returns null for anything else, and for any input that would need a line in <c>problems</c> (or is not
    /// JSON), so <see cref="Read"/> describes it; for every input it accepts the result equals <see cref="Read"/>'s.
    /// </summary>
    internal static List<SkeletonInstance>? TryReadSkeletonList(ReadOnlySpan<byte> utf8, Rig rig, ImageSize? bounds)
    {
        if (TryScanCompactSkeletonList(utf8, rig, bounds) is { } compact) return compact;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return null;
            var result = new List<SkeletonInstance>();
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                if (result.Count == MaxInstances) return null;
                string? name = null;
                List<Keypoint>? points = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("name"u8) && name is null)
                    {
                        if (!reader.Read() || reader.TokenType != JsonTokenType.String) return null;
                        name = reader.GetString();
                        if (string.IsNullOrWhiteSpace(name)) return null;
                    }
                    else if (reader.ValueTextEquals("annotations"u8) && points is null)
                    {
                        points = ReadPointList(ref reader, rig, bounds);
                        if (points is null) return null;
                    }
                    else
                    {
                        // "label" makes it a flat point list, "keypoints" another shape; a repeated field is ambiguous.
                        return null;
                    }
                }
                if (reader.TokenType != JsonTokenType.EndObject || points is null) return null;
                result.Add(new SkeletonInstance(name ?? $"skeleton_{result.Count + 1}", points));
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

    private static List<Keypoint>? ReadPointList(ref Utf8JsonReader reader, Rig rig, ImageSize? bounds)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return null;
        var points = new List<Keypoint>(rig.Count);
        Span<bool> seen = stackalloc bool[rig.Count];
        var previous = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var label = -1;
            double x = double.NaN, y = double.NaN;
            bool hasLabel = false, hasX = false, hasY = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("label"u8))
                {
                    if (hasLabel || !reader.Read() || reader.TokenType != JsonTokenType.String) return null;
                    hasLabel = true;
                    label = rig.IndexOf(ref reader, previous + 1);
                    if (label < 0) return null;
                }
                else if (reader.ValueTextEquals("x"u8))
                {
                    if (hasX || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out x)) return null;
                    hasX = true;
                }
                else if (reader.ValueTextEquals("y"u8))
                {
                    if (hasY || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out y)) return null;
                    hasY = true;
                }
                else
                {
                    // Other fields of a point (a visibility flag, say) are not used, as in Read.
                    reader.Skip();
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || !hasLabel || !hasX || !hasY || seen[label]) return null;
            if (!double.IsFinite(x) || !double.IsFinite(y)) return null;
            if (bounds is { } b && FarOutside(x, y, b)) return null;
            seen[label] = true;
            previous = label;
            points.Add(new Keypoint(rig.Keypoints[label].Label, x, y));
        }
        return reader.TokenType == JsonTokenType.EndArray ? points : null;
    }

    /// <summary>
    /// The skeleton list as a browser's <c>JSON.stringify</c> writes it, scanned by hand:
    /// <c>[{"name":"…","annotations":[{"label":"…","x":1,"y":2.5},…]},…]</c> with no whitespace, these keys in this
    /// order, printable ASCII names without escapes and plain decimal numbers. Null for anything else, which the JSON
    /// reader then takes; for every input it accepts the result equals the reader's. A JSON reader spends several
    /// tokens per keypoint, which made this list the largest cost of parsing a batch.
    /// </summary>
    internal static List<SkeletonInstance>? TryScanCompactSkeletonList(ReadOnlySpan<byte> s, Rig rig, ImageSize? bounds)
    {
        var p = 0;
        if (!Take(s, ref p, "["u8)) return null;
        var result = new List<SkeletonInstance>();
        if (Take(s, ref p, "]"u8)) return p == s.Length ? result : null;
        Span<bool> seen = stackalloc bool[rig.Count];
        while (true)
        {
            if (result.Count == MaxInstances || !Take(s, ref p, "{\"name\":"u8) || !TakeText(s, ref p, out var nameUtf8)) return null;
            if (!Take(s, ref p, ",\"annotations\":["u8)) return null;
            var points = new List<Keypoint>(rig.Count);
            seen.Clear();
            var previous = -1;
            var more = !Take(s, ref p, "]"u8);
            while (more)
            {
                if (!Take(s, ref p, "{\"label\":"u8) || !TakeText(s, ref p, out var labelUtf8)) return null;
                var label = rig.IndexOf(labelUtf8, previous + 1);
                if (label < 0 || seen[label]) return null;
                if (!Take(s, ref p, ",\"x\":"u8) || !TakeNumber(s, ref p, out var x)) return null;
                if (!Take(s, ref p, ",\"y\":"u8) || !TakeNumber(s, ref p, out var y)) return null;
                if (!Take(s, ref p, "}"u8) || (bounds is { } b && FarOutside(x, y, b))) return null;
                seen[label] = true;
                previous = label;
                points.Add(new Keypoint(rig.Keypoints[label].Label, x, y));
                more = !Take(s, ref p, "]"u8);
                if (more && !Take(s, ref p, ","u8)) return null;
            }
            if (!Take(s, ref p, "}"u8)) return null;
            var name = System.Text.Encoding.ASCII.GetString(nameUtf8);
            if (string.IsNullOrWhiteSpace(name)) return null;
            result.Add(new SkeletonInstance(name, points));
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

    /// <summary>A quoted string of printable ASCII without escapes; anything else is left to the reader.</summary>
    private static bool TakeText(ReadOnlySpan<byte> s, ref int p, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (p >= s.Length || s[p] != (byte)'"') return false;
        var end = p + 1;
        while (end < s.Length && s[end] is >= 0x20 and < 0x7F and not (byte)'"' and not (byte)'\\') end++;
        if (end >= s.Length || s[end] != (byte)'"') return false;
        text = s[(p + 1)..end];
        p = end + 1;
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
            // Whole pixels, as browsers post most clicks: exact without the general parser.
            long whole = 0;
            foreach (var d in s[digits..integer]) whole = whole * 10 + (d - '0');
            value = s[start] == (byte)'-' ? -(double)whole : whole;
        }
        else if (!double.TryParse(s[start..i], System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            return false;
        }
        p = i;
        return true;
    }

    /// <summary>More than one image size outside the image: a click that cannot have been meant (pixels, top-left origin).</summary>
    private static bool FarOutside(double x, double y, ImageSize b) =>
        x < -b.Width || y < -b.Height || x > 2.0 * b.Width || y > 2.0 * b.Height;

    internal static string Shorten(string s) => s.Length <= 64 ? s : s[..61] + "...";
}
