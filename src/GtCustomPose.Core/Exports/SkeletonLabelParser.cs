using System.Text.Json;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Exports;

/// <summary>
/// Reads what a training export writes from a consolidated label: image size, review verdict and reasons, and each
/// skeleton's name, box and points (label, x, y, visible); everything else (worker summaries, confidences, votes,
/// notes) is skipped unparsed. A hand-written reader because the serializer's path for constructor-bound records
/// costs several times more per keypoint, and a 1 GB manifest holds ten million keypoints. Keypoint labels are the
/// rig's own strings, so a line allocates only its records.
/// </summary>
internal static class SkeletonLabelParser
{

    /// <summary>Reads the label object the reader is on; throws <see cref="JsonException"/> when it is not
    /// one.</summary>
    public static ConsolidatedLabel Read(ref Utf8JsonReader reader, Rig rig)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        ImageSize? size = null;
        List<ConsolidatedInstance>? instances = null;
        var needsReview = false;
        List<string> reasons = [];
        var rigName = "";
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("instances"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                Expect(ref reader, JsonTokenType.StartArray);
                instances = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) instances.Add(
                    ReadInstance(ref reader, rig));
            }
            else if (reader.ValueTextEquals("image_size"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                var box = ReadNumbers(ref reader, "width"u8, "height"u8, [], []);
                size = new ImageSize((int)box[0], (int)box[1]);
            }
            else if (reader.ValueTextEquals("needs_review"u8))
            {
                reader.Read();
                needsReview = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("review_reasons"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray) { reader.Skip(); continue; }
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    if (reader.TokenType == JsonTokenType.String) reasons.Add(reader.GetString()!);
            }
            else if (reader.ValueTextEquals("consolidation"u8))
            {
                reader.Read();
                rigName = ReadRigName(ref reader, rig);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new ConsolidatedLabel(
            size, instances!, needsReview, reasons, [], new ConsolidationInfo("", 0, rigName));
    }

    // The rig the label was consolidated with, the only field of "consolidation" an export checks; the rig's own
    // string when it is the same rig, so a line allocates none.
    private static string ReadRigName(ref Utf8JsonReader reader, Rig rig)
    {
        var name = "";
        if (reader.TokenType != JsonTokenType.StartObject) { reader.Skip(); return name; }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isRig = reader.ValueTextEquals("rig"u8);
            reader.Read();
            if (isRig && reader.TokenType == JsonTokenType.String)
                name = reader.ValueTextEquals(rig.Name) ? rig.Name : reader.GetString()!;
            else reader.Skip();
        }
        return name;
    }

    private static ConsolidatedInstance ReadInstance(ref Utf8JsonReader reader, Rig rig)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var name = "";
        var points = new List<ConsolidatedKeypoint>(rig.Count);
        BoundingBox? bbox = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("keypoints"u8))
            {
                reader.Read();
                Expect(ref reader, JsonTokenType.StartArray);
                var hint = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var point = ReadPoint(ref reader, rig, hint);
                    points.Add(point);
                    hint = rig.IndexOf(point.Label) + 1;
                }
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = reader.TokenType == JsonTokenType.String ? reader.GetString()! : "";
            }
            else if (reader.ValueTextEquals("bbox"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                var b = ReadNumbers(ref reader, "left"u8, "top"u8, "width"u8, "height"u8);
                bbox = new BoundingBox(b[0], b[1], b[2], b[3]);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new ConsolidatedInstance(name, points, bbox, null);
    }

    private static ConsolidatedKeypoint ReadPoint(ref Utf8JsonReader reader, Rig rig, int hint)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        string? label = null;
        double x = double.NaN, y = double.NaN;
        bool? visible = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("label"u8))
            {
                reader.Read();
                Expect(ref reader, JsonTokenType.String);
                var i = rig.IndexOf(ref reader, hint);
                label = i >= 0 ? rig.Keypoints[i].Label : reader.GetString();
            }
            else if (reader.ValueTextEquals("x"u8)) { reader.Read(); x = reader.GetDouble(); }
            else if (reader.ValueTextEquals("y"u8)) { reader.Read(); y = reader.GetDouble(); }
            else if (reader.ValueTextEquals("visible"u8))
            {
                reader.Read();
                visible = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => null,
                };
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (label is null || double.IsNaN(x) || double.IsNaN(y)) throw new JsonException(
            "a keypoint needs label, x and y");
        return new ConsolidatedKeypoint(label, x, y, null, 0, visible);
    }

    /// <summary>Up to four named numbers of an object, in the order named; a missing one is 0.</summary>
    private static double[] ReadNumbers(ref Utf8JsonReader reader, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b,
        ReadOnlySpan<byte> c, ReadOnlySpan<byte> d)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var values = new double[4];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var slot = reader.ValueTextEquals(a) ? 0 : reader.ValueTextEquals(b) ? 1
                : c.Length > 0 && reader.ValueTextEquals(c) ? 2 : d.Length > 0 && reader.ValueTextEquals(d) ? 3 : -1;
            reader.Read();
            if (slot >= 0 && reader.TokenType == JsonTokenType.Number) values[slot] = reader.GetDouble();
            else reader.Skip();
        }
        return values;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type) throw new JsonException($"expected {type}, found {reader.TokenType}");
    }
}
