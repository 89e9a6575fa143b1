using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Interop;

/// <summary>
/// The rig of an import: the one given; else COCO's 17-keypoint person when the files' keypoint names are its 17
/// names; else one built from the first file that declares its names (its order and edges, flip pairs from left/right
/// names, OKS sigma <see cref="DefaultSigma"/>), with a warning. Then each file's names are mapped onto it: a file
/// that declares names other than the rig's is left out (its people would be read against the wrong skeleton).
/// </summary>
public static class ImportRig
{
    /// <summary>OKS sigma of a keypoint in a rig built from a file: COCO's mean over its 17 keypoints,
    /// rounded.</summary>
    public const double DefaultSigma = 0.07;

    /// <summary>The rig for <paramref name="session"/>'s files; maps their names onto it.</summary>
    /// <param name="session">After every file was read.</param>
    /// <param name="given">The rig the user gave, or null.</param>
    /// <param name="warn">Receives one line when the rig was built from a file.</param>
    public static Rig Resolve(ImportSession session, Rig? given, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        var used = session.Files.Where(f => f.Excluded is null).ToList();
        var rig = given ?? Infer(used, warn);
        foreach (var f in used)
        {
            var map = f.Names.Select(rig.IndexOf).ToArray();
            f.RigIndex = map;
            if (!f.DeclaresNames) continue;
            var missing = rig.Keypoints.Select(k => k.Label).Except(f.Names, StringComparer.Ordinal).ToList();
            var extra = f.Names.Where((_, i) => map[i] < 0).ToList();
            if (missing.Count > 0 || extra.Count > 0)
                session.Exclude(f, $"its keypoint names disagree with rig '{rig.Name}'" +
                    (extra.Count > 0 ? $" (not in the rig: {string.Join(", ", extra)})" : "") +
                    (missing.Count > 0 ? $" (missing: {string.Join(", ", missing)})" : ""));
        }
        return rig;
    }

    /// <summary>Writes <paramref name="rig"/> as a rig file (<see cref="RigParser"/>'s format), so the commands that
    /// read a manifest consolidated with a rig built from the files can be given it with <c>--rig</c>.</summary>
    public static void Write(Rig rig, Stream output)
    {
        ArgumentNullException.ThrowIfNull(rig);
        using var w = new System.Text.Json.Utf8JsonWriter(output, new System.Text.Json.JsonWriterOptions
        {
            Indented = true,
        });
        w.WriteStartObject();
        w.WriteString("name", rig.Name);
        w.WriteStartArray("keypoints");
        foreach (var k in rig.Keypoints)
        {
            w.WriteStartObject();
            w.WriteString("label", k.Label);
            w.WriteString("color", k.Color);
            w.WriteNumber("sigma", k.Sigma);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("edges");
        foreach (var e in rig.Edges)
        {
            w.WriteStartArray();
            w.WriteStringValue(e.From);
            w.WriteStringValue(e.To);
            w.WriteStringValue(e.Color);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteStartArray("flip_pairs");
        foreach (var (l, r) in rig.FlipPairs)
        {
            w.WriteStartArray();
            w.WriteStringValue(l);
            w.WriteStringValue(r);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static Rig Infer(List<ImportFile> files, Action<string>? warn)
    {
        var source = files.FirstOrDefault(f => f.DeclaresNames && f.Names.Count > 0)
            ?? files.FirstOrDefault(f => f.Names.Count > 0);
        if (source is null) return Rig.Coco17;
        var coco = Rig.Coco17.Keypoints.Select(k => k.Label).ToHashSet(StringComparer.Ordinal);
        if (source.Names.Count == coco.Count && source.Names.All(coco.Contains)) return Rig.Coco17;
        const string Left = "#1f77b4", Right = "#ff7f0e", Centre = "#2ca02c";
        var classes = source.Names.Select(n => new KeypointClass(n, Centre, DefaultSigma)).ToList();
        var pairs = Rig.DeriveFlipPairs(classes);
        var left = pairs.Select(p => p.Left).ToHashSet(StringComparer.Ordinal);
        var right = pairs.Select(p => p.Right).ToHashSet(StringComparer.Ordinal);
        classes = classes.Select(c => c with { Color = left.Contains(c.Label) ? Left : right.Contains(c.Label) ? Right
            : Centre }).ToList();
        var edges = source.Edges.Distinct().Select(e => new RigEdge(e.From, e.To, Centre)).ToList();
        var name = string.IsNullOrWhiteSpace(source.Category) ? "imported" : source.Category;
        var rig = new Rig(name, classes, edges, pairs);
        warn?.Invoke($"rig '{rig.Name}' built from {source.Path}: {rig.Count} keypoints, {rig.FlipPairs.Count} " +
            $"left/right pairs, OKS sigma {DefaultSigma} for every keypoint; give --rig FILE for your own sigmas");
        return rig;
    }
}
