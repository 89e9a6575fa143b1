using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core.Exports;

/// <summary>
/// Streams the labels of one attribute out of an output manifest. Every line is accounted for: it yields a
/// <see cref="LabeledLine"/>, or counts as blank, or lacks the attribute (counted, and the attribute names it does
/// have are remembered so a wrong <c>--label-attribute</c> can be named), or is unreadable (a problem naming the line).
/// </summary>
public sealed class LabelReader
{
    private const int MaxNamesKept = 64;
    private readonly ManifestStream _lines;
    private readonly byte[] _attribute;
    private readonly SortedSet<string> _attributesSeen = new(StringComparer.Ordinal);
    private readonly Rigs.Rig? _skeletonsOf;

    /// <summary>Reads <paramref name="manifest"/> for <paramref name="labelAttribute"/>.</summary>
    /// <param name="manifest">The manifest (the caller disposes it).</param>
    /// <param name="labelAttribute">The attribute to read.</param>
    /// <param name="problems">Where unreadable lines are reported.</param>
    /// <param name="skeletonsOnly">
    /// Read only what a training export writes, with this rig's labels: image size, verdict, reasons and skeletons
    /// (worker summaries, confidences and votes are skipped and left empty), several times faster. Null reads it all.
    /// </param>
    public LabelReader(Stream manifest, string labelAttribute, ProblemLog problems, Rigs.Rig? skeletonsOnly = null)
    {
        _skeletonsOf = skeletonsOnly;
        ExpectedRig = skeletonsOnly?.Name;
        _lines = new ManifestStream(manifest);
        LabelAttribute = labelAttribute;
        _attribute = Encoding.UTF8.GetBytes(labelAttribute);
        Problems = problems;
    }

    /// <summary>
    /// The name of the rig the caller reads the labels with (by default the <c>skeletonsOnly</c> rig's): a label
    /// consolidated with another rig (its <c>consolidation.rig</c>) throws <see cref="RigMismatchException"/>, since
    /// its keypoints would be read against the wrong labels. Null checks nothing.
    /// </summary>
    public string? ExpectedRig { get; init; }

    /// <summary>The attribute read.</summary>
    public string LabelAttribute { get; }

    /// <summary>Where unreadable lines are reported.</summary>
    public ProblemLog Problems { get; }

    /// <summary>Non-blank lines read so far.</summary>
    public int Lines { get; private set; }

    /// <summary>Lines that are JSON objects without the label attribute.</summary>
    public int MissingAttribute { get; private set; }

    /// <summary>Lines that are not JSON objects or whose label could not be read.</summary>
    public int Unreadable { get; private set; }

    /// <summary>Manifest bytes read so far.</summary>
    public long BytesRead => _lines.BytesRead;

    /// <summary>Top-level attribute names of the lines that lack the label attribute (at most 64 kept).</summary>
    public IReadOnlyCollection<string> AttributesSeen => _attributesSeen;

    /// <summary>True when lines were read and not one had the label attribute: the attribute is wrong.</summary>
    public bool AttributeAbsent => Lines > 0 && MissingAttribute + Unreadable == Lines && _labelled == 0;

    private int _labelled;

    /// <summary>One line in words for a wrong attribute: what was asked and what the manifest has.</summary>
    public string AttributeAbsentMessage() =>
        $"no line of the manifest has the label attribute '{LabelAttribute}' ({Lines} lines read); "
        + $"its lines have: {string.Join(", ", _attributesSeen)}. Pass one of those as --label-attribute";

    /// <summary>The labelled lines, in manifest order.</summary>
    public IEnumerable<LabeledLine> Read()
    {
        while (_lines.TryReadLine(out var line))
        {
            if (IsBlank(line.Span)) continue;
            Lines++;
            var labelled = Parse(line.Span, _lines.LineNumber);
            if (labelled is null) continue;
            _labelled++;
            yield return labelled;
        }
    }

    private LabeledLine? Parse(ReadOnlySpan<byte> line, int number)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                Unreadable++;
                Problems.Add($"line {number}: a JSON {reader.TokenType}, expected an object");
                return null;
            }
            string? sourceRef = null;
            ConsolidatedLabel? label = null;
            var found = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(_attribute))
                {
                    reader.Read();
                    found = true;
                    label = reader.TokenType != JsonTokenType.StartObject ? null
                        : _skeletonsOf is not null ? SkeletonLabelParser.Read(ref reader, _skeletonsOf)
                        : JsonSerializer.Deserialize(ref reader, CoreJsonContext.Default.ConsolidatedLabel);
                    if (label is null) reader.Skip();
                }
                else if (reader.ValueTextEquals("source-ref"u8))
                {
                    reader.Read();
                    sourceRef = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else
                {
                    if (_attributesSeen.Count < MaxNamesKept) _attributesSeen.Add(reader.GetString()!);
                    reader.Read();
                    reader.Skip();
                }
            }
            if (!found) { MissingAttribute++; return null; }
            if (label is null)
            {
                Unreadable++;
                Problems.Add($"line {number}: '{LabelAttribute}' is not a label object");
                return null;
            }
            if (label.Instances is null)
            {
                Unreadable++;
                Problems.Add($"line {number}: '{LabelAttribute}' has no 'instances' list");
                return null;
            }
            if (ExpectedRig is { } expected && label.Consolidation?.Rig is { Length: > 0 } used && used != expected)
                throw new RigMismatchException(number, used, expected);
            return new LabeledLine(number, sourceRef, label);
        }
        catch (JsonException e)
        {
            Unreadable++;
            Problems.Add($"line {number}: not valid JSON ({e.Message})");
            return null;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;
}
