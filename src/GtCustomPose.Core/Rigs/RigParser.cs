using System.Text.Json;

namespace GtCustomPose.Core.Rigs;

/// <summary>
/// Reads a rig from JSON:
/// <code>
/// {"name": "box-truck",
///  "keypoints": [{"label": "front_left_wheel", "color": "#1f77b4", "sigma": 0.05}, "roof_centre"],
///  "edges": [["front_left_wheel", "rear_left_wheel", "#1f77b4"], ["a", "b"]],
///  "flip_pairs": [["front_left_wheel", "front_right_wheel"]]}
/// </code>
/// A keypoint may be a bare label. Omitted colours follow the side of the label (left blue, right orange, other green);
/// an omitted sigma is 0.05; omitted <c>flip_pairs</c> are derived from left/right label words.
/// </summary>
public static class RigParser
{
    /// <summary>Default OKS sigma for keypoints of a custom rig that do not state one.</summary>
    public const double DefaultSigma = 0.05;

    /// <summary>Parses and validates a rig.</summary>
    /// <param name="json">The rig document.</param>
    /// <param name="origin">Where the rig came from (a path), used in error messages.</param>
    /// <exception cref="RigException">The document is not valid JSON or not a valid rig.</exception>
    public static Rig Parse(string json, string origin)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new RigException($"rig {origin}: not valid JSON ({e.Message})"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new RigException(
                $"rig {origin}: expected a JSON object with 'keypoints' and 'edges'");
            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()!
                : Path.GetFileNameWithoutExtension(origin);
            if (!root.TryGetProperty("keypoints", out var kps) || kps.ValueKind != JsonValueKind.Array)
                throw new RigException($"rig {origin}: 'keypoints' must be an array");
            var keypoints = new List<KeypointClass>();
            var i = 0;
            foreach (var k in kps.EnumerateArray())
            {
                keypoints.Add(k.ValueKind switch
                {
                    JsonValueKind.String => new KeypointClass(k.GetString()!, SideColor(k.GetString()!), DefaultSigma),
                    JsonValueKind.Object => new KeypointClass(
                        RequiredString(k, "label", $"rig {origin}: keypoints[{i}]"),
                        OptionalString(k, "color", $"rig {origin}: keypoints[{i}]") ?? SideColor(
                            RequiredString(k, "label", "")),
                        k.TryGetProperty("sigma", out var s)
                            ? (
                                s.ValueKind == JsonValueKind.Number
                                    ? s.GetDouble()
                                    : throw new RigException($"rig {origin}: keypoints[{i}].sigma must be a number"))
                            : DefaultSigma),
                    _ =>
                        throw new RigException(
                            $"rig {origin}: keypoints[{i}] must be a label string or an object with 'label'"),
                });
                i++;
            }
            var edges = new List<RigEdge>();
            if (root.TryGetProperty("edges", out var es))
            {
                if (es.ValueKind != JsonValueKind.Array) throw new RigException(
                    $"rig {origin}: 'edges' must be an array of [labelA, labelB, colour?]");
                i = 0;
                foreach (var e in es.EnumerateArray())
                {
                    var parts = StringArray(e, $"rig {origin}: edges[{i}]", 2, 3);
                    edges.Add(
                        new RigEdge(parts[0], parts[1], parts.Length == 3 ? parts[2] : EdgeColor(parts[0], parts[1])));
                    i++;
                }
            }
            List<(string, string)>? pairs = null;
            if (root.TryGetProperty("flip_pairs", out var fp))
            {
                if (fp.ValueKind != JsonValueKind.Array) throw new RigException(
                    $"rig {origin}: 'flip_pairs' must be an array of [left, right]");
                pairs = [];
                i = 0;
                foreach (var p in fp.EnumerateArray())
                {
                    var parts = StringArray(p, $"rig {origin}: flip_pairs[{i}]", 2, 2);
                    pairs.Add((parts[0], parts[1]));
                    i++;
                }
            }
            return new Rig(name, keypoints, edges, pairs);
        }
    }

    internal static string SideColor(string label)
    {
        var l = label.ToLowerInvariant();
        return l.StartsWith("left", StringComparison.Ordinal) || l.StartsWith("l_", StringComparison.Ordinal)
            ? "#1f77b4"
            : l.StartsWith("right", StringComparison.Ordinal) || l.StartsWith("r_", StringComparison.Ordinal)
                ? "#ff7f0e"
                : "#2ca02c";
    }

    private static string EdgeColor(string a, string b) => SideColor(a) == SideColor(b) ? SideColor(a) : "#2ca02c";

    private static string RequiredString(JsonElement e, string property, string where) =>
        OptionalString(e, property, where) ?? throw new RigException($"{where} has no '{property}'");

    private static string? OptionalString(JsonElement e, string property, string where)
    {
        if (!e.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : throw new RigException($"{where}.{property} must be a string");
    }

    private static string[] StringArray(JsonElement e, string where, int min, int max)
    {
        if (e.ValueKind != JsonValueKind.Array
            || e.GetArrayLength() < min
            || e.GetArrayLength() > max
            || e.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
            throw new RigException($"{where} must be an array of {min}{(max > min ? $" to {max}" : "")} strings");
        return e.EnumerateArray().Select(x => x.GetString()!).ToArray();
    }
}
