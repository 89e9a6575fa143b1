using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GtCustomPose.Core.Exports;

/// <summary>
/// Splits a manifest into train/val/test by fractions of its lines, deterministically: groups (a line's source-ref, or
/// what <c>--group-by</c> captures of it) are ordered by a seeded 64-bit hash of their key, then dealt out in that
/// order until each split holds its share (boundaries at round(cumulative fraction × lines)). The same manifest, seed
/// and fractions give the same split on any machine, whatever the line order; a group never straddles two splits, so
/// with groups the shares are met to within one group. Two passes over the input: memory holds one count per group.
/// </summary>
public static class ManifestSplitter
{
    /// <summary>Splits <paramref name="open"/>'s manifest (opened twice) into <paramref name="write"/>'s
    /// streams.</summary>
    /// <param name="open">Opens the manifest (called once per pass).</param>
    /// <param name="fractions">Split names and fractions summing to 1, in dealing order.</param>
    /// <param name="seed">Any integer; another seed gives another split.</param>
    /// <param name="groupBy">Keeps lines whose source-ref gives the same first capture group (or match)
    /// together.</param>
    /// <param name="write">Opens the output of a split the first time it gets a line; a split with no line is never
    /// opened.</param>
    public static SplitResult Split(
        Func<Stream> open, IReadOnlyList<(string Name, double Fraction)> fractions, int seed,
        Regex? groupBy, Func<string, Stream> write)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int lines = 0, unmatched = 0, noSource = 0;
        using (var input = open())
        {
            var reader = new ManifestStream(input);
            while (reader.TryReadLine(out var line))
            {
                if (IsBlank(line.Span)) continue;
                lines++;
                var key = Key(line.Span, groupBy, ref unmatched, ref noSource);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
        var assignment = Assign(counts, fractions, lines, seed);
        var outputs = new Stream?[fractions.Count];
        var splitLines = new int[fractions.Count];
        try
        {
            using var input = open();
            var reader = new ManifestStream(input);
            int ignored = 0, ignored2 = 0;
            while (reader.TryReadLine(out var line))
            {
                if (IsBlank(line.Span)) continue;
                var split = assignment[Key(line.Span, groupBy, ref ignored, ref ignored2)];
                var output = outputs[split] ??= write(fractions[split].Name);
                output.Write(line.Span);
                output.WriteByte((byte)'\n');
                splitLines[split]++;
            }
        }
        finally
        {
            foreach (var o in outputs) o?.Dispose();
        }
        var groups = new int[fractions.Count];
        foreach (var split in assignment.Values) groups[split]++;
        return new SplitResult(
            fractions.Select(
                (f, i) => new SplitCount(f.Name, splitLines[i], groups[i])).ToArray(), unmatched, noSource);
    }

    /// <summary>Which split each group goes to (index into <paramref name="fractions"/>).</summary>
    internal static Dictionary<string, int> Assign(Dictionary<string, int> counts,
        IReadOnlyList<(string Name, double Fraction)> fractions, int lines, int seed)
    {
        var bounds = new int[fractions.Count];
        double cumulative = 0;
        for (var i = 0; i < fractions.Count; i++)
        {
            cumulative += fractions[i].Fraction;
            bounds[i] = i == fractions.Count - 1
                ? lines
                : (int)Math.Round(cumulative * lines, MidpointRounding.AwayFromZero);
        }
        var ordered = counts.Keys.Select(k => (Key: k, Hash: Hash(k, seed)))
            .OrderBy(g => g.Hash).ThenBy(g => g.Key, StringComparer.Ordinal);
        var result = new Dictionary<string, int>(counts.Count, StringComparer.Ordinal);
        var dealt = 0;
        foreach (var (key, _) in ordered)
        {
            var split = 0;
            while (split < bounds.Length - 1 && dealt >= bounds[split]) split++;
            result[key] = split;
            dealt += counts[key];
        }
        return result;
    }

    private static string Key(ReadOnlySpan<byte> line, Regex? groupBy, ref int unmatched, ref int noSource)
    {
        var sourceRef = SourceRef(line);
        if (sourceRef is null)
        {
            noSource++;
            return "line:" + Encoding.UTF8.GetString(line);
        }
        if (groupBy is null) return sourceRef;
        var match = groupBy.Match(sourceRef);
        if (!match.Success) { unmatched++; return sourceRef; }
        return "group:" + (match.Groups.Count > 1 && match.Groups[1].Success ? match.Groups[1].Value : match.Value);
    }

    private static string? SourceRef(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSource = reader.ValueTextEquals("source-ref"u8);
                reader.Read();
                if (isSource) return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON: grouped by its text, and the split keeps it so every line is accounted for.
        }
        return null;
    }

    /// <summary>FNV-1a over the key's UTF-16 code units, seeded, then SplitMix64's finaliser to spread the
    /// bits.</summary>
    internal static ulong Hash(string key, int seed)
    {
        var h = 14695981039346656037UL ^ (ulong)(uint)seed;
        foreach (var c in key)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        h ^= h >> 30; h *= 0xbf58476d1ce4e5b9UL;
        h ^= h >> 27; h *= 0x94d049bb133111ebUL;
        return h ^ (h >> 31);
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;
}
