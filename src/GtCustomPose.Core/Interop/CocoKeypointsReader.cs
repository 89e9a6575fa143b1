using System.Globalization;
using System.Text.Json;

namespace GtCustomPose.Core.Interop;

/// <summary>
/// Reads a COCO Keypoints 1.0 file of one annotator (CVAT's COCO Keypoints export of a replica job, Label Studio's
/// COCO export, a script's) in two streaming passes: first <c>images</c>, <c>categories</c> and a top-level
/// <c>annotator</c>, then <c>annotations</c>. Every listed image is an answer of the file's annotator, with the
/// annotations that point to it (none: the annotator saw no one). <c>v</c> 2 is visible, 1 occluded, 0 absent
/// (CVAT keeps an absent point's coordinates; they are not used).
/// </summary>
internal static class CocoKeypointsReader
{
    /// <summary>Reads <paramref name="file"/> into <paramref name="session"/>.</summary>
    /// <param name="session">Receives images, answers, skeletons and problems.</param>
    /// <param name="file">From <see cref="ImportSession.AddFile"/>.</param>
    /// <param name="category">The category to read when the file has several keypoint categories.</param>
    public static void Read(ImportSession session, ImportFile file, string? category = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(file);
        var header = new Header();
        if (!Walk(session, file, header.Wanted, header.Element, header.Scalar)) return;
        foreach (var problem in header.Problems) session.Problems.Add($"{file.Path}: {problem}");
        var chosen = header.Choose(category, out var why);
        if (chosen is null) { session.Exclude(file, why!); return; }
        file.Category = chosen.Name;
        file.CategoryId = chosen.Id;
        file.DeclaresNames = true;
        foreach (var name in chosen.Keypoints) file.NameId(name);
        foreach (var (a, b) in chosen.Skeleton)
            if (a >= 1 && b >= 1 && a <= chosen.Keypoints.Count && b <= chosen.Keypoints.Count)
                file.Edges.Add((chosen.Keypoints[a - 1], chosen.Keypoints[b - 1]));
        var annotator = session.Annotator(header.Annotator ?? file.Name);
        var answers = new Dictionary<long, (int Image, int Answer)>();
        foreach (var (id, key, size) in header.Images)
        {
            var image = session.Image(file, key, size);
            if (!answers.TryAdd(id, (image, session.Answer(file, annotator, image))))
                session.Problems.Add($"{file.Path}: images: id {id} is listed twice; the second ('{key}') is ignored");
        }
        var k = chosen.Keypoints.Count;
        Walk(session, file, n => n == "annotations", (_, a) => Annotation(session, file, a, chosen.Id, k, answers));
    }

    private static bool Walk(ImportSession session, ImportFile file, Func<string, bool> wanted,
        Action<string?, JsonElement> element, Action<string, string>? scalar = null)
    {
        try
        {
            using var stream = File.OpenRead(file.Path);
            new JsonStreamWalker { Wanted = wanted, Element = element, Scalar = scalar }.Walk(stream);
            return true;
        }
        catch (JsonException e)
        {
            session.Exclude(file, $"not valid COCO JSON ({e.Message})");
            return false;
        }
    }

    private static void Annotation(ImportSession session, ImportFile file, JsonElement a, long category, int k,
        Dictionary<long, (int Image, int Answer)> answers)
    {
        var id = Long(a, "id");
        var where = $"{file.Path}: annotation {(id is { } i ? i.ToString(CultureInfo.InvariantCulture) : "?")}";
        if (a.ValueKind != JsonValueKind.Object) { session.Problems.Add($"{where}: not an object; left out"); return; }
        if (Long(a, "category_id") != category) { session.Skip("annotations of another category"); return; }
        if (Long(a, "image_id") is not { } imageId || !answers.TryGetValue(imageId, out var at))
        {
            session.Problems.Add($"{where}: image_id {Raw(a, "image_id")} is not in the file's images; left out");
            return;
        }
        var image = session.Images[at.Image].Key;
        if (!a.TryGetProperty("keypoints", out var kp) || kp.ValueKind != JsonValueKind.Array
            || kp.GetArrayLength() != 3 * k)
        {
            session.Problems.Add($"{where} (image '{image}'): keypoints is not a list of {3 * k} numbers " +
                $"(x, y, v for each of the category's {k} keypoints); left out");
            return;
        }
        var points = new List<RawPoint>(k);
        for (var n = 0; n < k; n++)
        {
            JsonElement x = kp[3 * n], y = kp[3 * n + 1], v = kp[3 * n + 2];
            if (!v.TryGetInt32(out var visibility) || visibility is < 0 or > 2
                || !x.TryGetDouble(out var px) || !y.TryGetDouble(out var py))
            {
                session.Problems.Add($"{where} (image '{image}'): keypoints[{3 * n}..{3 * n + 2}] " +
                    $"({file.Names[n]}) is not x, y and v 0, 1 or 2; that point is left out");
                continue;
            }
            if (visibility == 0) continue;
            points.Add(new RawPoint(n, px, py, visibility == 2));
        }
        if (points.Count == 0) { session.Skip("annotations without a placed keypoint"); return; }
        session.Skeleton(file, at.Answer, at.Image, id ?? -1, points.ToArray());
    }

    private static long? Long(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.TryGetInt64(out var n)
            ? n : null;

    private static string Raw(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.GetRawText() : "(missing)";

    private sealed record Category(long Id, string Name, List<string> Keypoints, List<(int, int)> Skeleton);

    // The first pass: what the annotations need.
    private sealed class Header
    {
        public List<(long Id, string Key, ImageSize? Size)> Images { get; } = [];
        public List<Category> Categories { get; } = [];
        public string? Annotator { get; private set; }
        public List<string> Problems { get; } = [];

        public bool Wanted(string name) => name is "images" or "categories";

        public void Scalar(string name, string value)
        {
            if (name == "annotator" && !string.IsNullOrWhiteSpace(value)) Annotator = value;
        }

        public void Element(string? array, JsonElement e)
        {
            if (e.ValueKind != JsonValueKind.Object) return;
            if (array == "categories")
            {
                if (!e.TryGetProperty("keypoints", out var kp) || kp.ValueKind != JsonValueKind.Array
                    || kp.GetArrayLength() == 0) return;
                var names = kp.EnumerateArray().Select(n => n.ValueKind == JsonValueKind.String ? n.GetString()! : "")
                    .ToList();
                var skeleton = new List<(int, int)>();
                if (e.TryGetProperty("skeleton", out var s) && s.ValueKind == JsonValueKind.Array)
                    foreach (var pair in s.EnumerateArray())
                        if (pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() == 2
                            && pair[0].TryGetInt32(out var a) && pair[1].TryGetInt32(out var b))
                            skeleton.Add((a, b));
                var name = e.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                    ? n.GetString()! : "";
                Categories.Add(new Category(Long(e, "id") ?? -1, name, names, skeleton));
                return;
            }
            var id = Long(e, "id");
            var key = e.TryGetProperty("file_name", out var f) && f.ValueKind == JsonValueKind.String
                ? f.GetString() : null;
            if (id is null || string.IsNullOrEmpty(key))
            {
                Problems.Add($"images: {Shorten(e.GetRawText())} has no id or file_name; left out");
                return;
            }
            int? width = Long(e, "width") is { } w and > 0 ? (int)w : null;
            int? height = Long(e, "height") is { } h and > 0 ? (int)h : null;
            Images.Add((id.Value, key, width is { } ww && height is { } hh ? new ImageSize(ww, hh) : null));
        }

        public Category? Choose(string? wanted, out string? why)
        {
            why = null;
            var named = wanted is null ? Categories : Categories.Where(c => c.Name == wanted).ToList();
            if (named.Count == 1)
            {
                if (named[0].Keypoints.Any(string.IsNullOrEmpty)) why = "a keypoint name is empty or not a string";
                else if (named[0].Keypoints.Distinct(StringComparer.Ordinal).Count() != named[0].Keypoints.Count)
                    why = "a keypoint name is repeated in the category";
                return why is null ? named[0] : null;
            }
            var list = string.Join(", ", Categories.Select(c => $"'{c.Name}'"));
            why = Categories.Count == 0 ? "no category with keypoints"
                : wanted is null ? $"several keypoint categories ({list}): give --category NAME"
                : $"no keypoint category '{wanted}' (it has {list})";
            return null;
        }
    }

    internal static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
