using System.Globalization;
using System.Text.Json;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Answers;

/// <summary>
/// Reads skeleton instances from the shapes that pre-labels, worker answers and earlier jobs' labels use:
/// crowd-2d-skeleton <c>[{name, facing, annotations: [{label, x, y, visible}]}]</c>, a flat <c>[{label, x, y}]</c>
/// list (one instance), crowd-keypoint <c>{keypoints: [...]}</c> (optionally under <c>annotatedResult</c>), a list of
/// those, and this project's consolidated label <c>{instances: [{name, facing, keypoints: [...]}]}</c>.
/// Points that cannot be used (label outside the rig, coordinate not a finite number, far outside the image) are left
/// out and each is described in <c>problems</c>; nothing is dropped without a line there. A <c>visible</c> that is not
/// a boolean or a <c>facing</c> that is not one of the words is listed too, and ignored. The rules are
/// <see cref="SkeletonRules"/>', shared with the fast readers (<see cref="SkeletonListReader"/>).
/// </summary>
public static class InstanceReader
{
    /// <summary>At most this many instances are read from one answer; the rest is reported.</summary>
    public const int MaxInstances = SkeletonRules.MaxInstances;

    /// <summary>
    /// Reads instances; returns null when <paramref name="element"/> has none of the known shapes.
    /// </summary>
    /// <param name="element">The JSON value.</param>
    /// <param name="rig">Labels are checked against it.</param>
    /// <param name="where">The field path for messages, e.g. <c>annotations</c>.</param>
    /// <param name="problems">Receives one line for each point or instance left out.</param>
    /// <param name="bounds">When known, points more than one image size outside it are reported and left out.</param>
    public static List<SkeletonInstance>? Read(
        JsonElement element, Rig rig, string where, List<string> problems, ImageSize? bounds = null)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("annotatedResult", out var ar) && ar.ValueKind == JsonValueKind.Object)
                    return Read(ar, rig, where + ".annotatedResult", problems, bounds);
                if (element.TryGetProperty("instances", out var inst) && inst.ValueKind == JsonValueKind.Array)
                    return ReadList(inst, rig, where + ".instances", problems, bounds);
                if (element.TryGetProperty("keypoints", out var kps) && kps.ValueKind == JsonValueKind.Array)
                    return [ReadInstance(element, SkeletonRules.InstanceName(null, 0), rig, where, problems, bounds)];
                return null;
            case JsonValueKind.Array:
                return ReadList(element, rig, where, problems, bounds);
            default:
                return null;
        }
    }

    private static List<SkeletonInstance>? ReadList(
        JsonElement array, Rig rig, string where, List<string> problems, ImageSize? bounds)
    {
        var count = array.GetArrayLength();
        if (count == 0) return [];
        if (IsFlat(array))
            return [
                new SkeletonInstance(
                    SkeletonRules.InstanceName(null, 0), ReadPoints(array, rig, where, problems, bounds))];
        var result = new List<SkeletonInstance>(Math.Min(count, MaxInstances));
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (index == MaxInstances)
            {
                problems.Add(SkeletonRules.TooManyInstances(where, count));
                break;
            }
            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{where}[{index}]: expected an object, found {item.ValueKind}");
                index++;
                continue;
            }
            var given = item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()
                : null;
            result.Add(
                ReadInstance(
                    item, SkeletonRules.InstanceName(given, index), rig, $"{where}[{index}]", problems, bounds));
            index++;
        }
        return result;
    }

    // A list of points with no skeleton around them is one instance.
    private static bool IsFlat(JsonElement array)
    {
        foreach (var i in array.EnumerateArray())
        {
            if (i.ValueKind != JsonValueKind.Object || !i.TryGetProperty("label", out _)
                || i.TryGetProperty("annotations", out _) || i.TryGetProperty("keypoints", out _)) return false;
        }
        return true;
    }

    private static SkeletonInstance ReadInstance(
        JsonElement item, string name, Rig rig, string where, List<string> problems, ImageSize? bounds)
    {
        var facing = ReadFacing(item, where, problems);
        foreach (var key in (ReadOnlySpan<string>)["annotations", "keypoints"])
        {
            if (!item.TryGetProperty(key, out var pts)) continue;
            if (pts.ValueKind == JsonValueKind.Array)
                return new SkeletonInstance(
                    name, ReadPoints(pts, rig, $"{where}.{key}", problems, bounds, name), facing);
            problems.Add($"{where}.{key}: expected an array, found {pts.ValueKind}");
            return new SkeletonInstance(name, [], facing);
        }
        problems.Add($"{where}: instance '{name}' has neither 'annotations' nor 'keypoints'");
        return new SkeletonInstance(name, [], facing);
    }

    private static Facing ReadFacing(JsonElement item, string where, List<string> problems)
    {
        if (!item.TryGetProperty("facing", out var f)) return Facing.Unknown;
        if (f.ValueKind == JsonValueKind.String && SkeletonRules.TryFacing(
            f.GetString()!, out var facing)) return facing;
        problems.Add($"{where}.facing: {Shorten(f.GetRawText())} is not one of {SkeletonRules.FacingWords}; ignored");
        return Facing.Unknown;
    }

    private static List<Keypoint> ReadPoints(
        JsonElement array, Rig rig, string where, List<string> problems, ImageSize? bounds, string name = "skeleton_1")
    {
        var points = new PointCollector(rig, bounds, stackalloc bool[rig.Count], array.GetArrayLength());
        var i = -1;
        foreach (var p in array.EnumerateArray())
        {
            i++;
            if (p.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{where}[{i}]: expected {{label, x, y}}, found {p.ValueKind}");
                continue;
            }
            if (!p.TryGetProperty("label", out var l) || l.ValueKind != JsonValueKind.String)
            {
                problems.Add($"{where}[{i}].label: missing or not a string");
                continue;
            }
            var index = rig.IndexOf(l);
            if (index < 0)
            {
                problems.Add($"{where}[{i}].label: '{Shorten(l.GetString()!)}' is not in the rig '{rig.Name}'");
                continue;
            }
            var label = rig.Keypoints[index].Label;
            if (!TryCoordinate(p, "x", out var x, out var why) || !TryCoordinate(p, "y", out var y, out why))
            {
                problems.Add($"{where}[{i}]: {why} ('{label}')");
                continue;
            }
            var visible = ReadVisible(p, out var badVisible);
            var verdict = points.Add(index, x, y, visible);
            if (verdict == PointVerdict.Kept)
            {
                if (badVisible is not null)
                    problems.Add($"{where}[{i}].visible: {badVisible} is not true or false; ignored ('{label}')");
                continue;
            }
            problems.Add(verdict switch
            {
                PointVerdict.BadX or PointVerdict.BadY =>
                    $"{where}[{i}]: '{(verdict == PointVerdict.BadX ? "x" : "y")}' is " +
                    $"{Shorten(p.GetProperty(verdict == PointVerdict.BadX ? "x" : "y").GetRawText())}, not a finite " +
                    $"number ('{label}')",
                PointVerdict.FarOutside =>
                    $"{where}[{i}]: ({x}, {y}) is far outside the {bounds!.Value.Width}x{bounds.Value.Height} image " +
                    $"('{label}')",
                _ => $"{where}[{i}]: '{label}' placed twice in instance '{name}', the first is kept",
            });
        }
        return points.Points;
    }

    private static bool? ReadVisible(JsonElement point, out string? bad)
    {
        bad = null;
        if (!point.TryGetProperty("visible", out var v)) return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.ValueKind == JsonValueKind.True;
        bad = Shorten(v.GetRawText());
        return null;
    }

    // Parses a coordinate; whether it is usable (finite) is the rules' call.
    private static bool TryCoordinate(JsonElement p, string axis, out double value, out string why)
    {
        value = double.NaN;
        why = "";
        if (!p.TryGetProperty(axis, out var v)) { why = $"'{axis}' is missing"; return false; }
        var ok = v.ValueKind switch
        {
            JsonValueKind.Number => v.TryGetDouble(out value),
            // Form posts sometimes carry numbers as strings.
            JsonValueKind.String =>
                double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
        if (!ok) why = $"'{axis}' is {Shorten(v.GetRawText())}, not a finite number";
        return ok;
    }

    internal static string Shorten(string s) => s.Length <= 64 ? s : s[..61] + "...";
}
