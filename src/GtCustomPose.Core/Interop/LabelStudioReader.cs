using System.Globalization;
using System.Text.Json;

namespace GtCustomPose.Core.Interop;

/// <summary>
/// Reads a Label Studio JSON export (a list of tasks, streamed one task at a time). Each task is an image (its
/// <c>data.image</c>, else its first string in <c>data</c>, else <c>task ID</c>); each annotation not cancelled is one
/// answer of its <c>completed_by</c> (a user id, or a user object's email); its <c>keypointlabels</c> results, in
/// percent of <c>original_width</c> and <c>original_height</c>, are keypoints grouped into people by their
/// <c>parentID</c> (the region they belong to), or all one person when the template has no such regions. Label
/// Studio does not say whether a keypoint is visible.
/// </summary>
internal static class LabelStudioReader
{
    /// <summary>Reads <paramref name="file"/> into <paramref name="session"/>.</summary>
    /// <param name="session">Receives images, answers, skeletons and problems.</param>
    /// <param name="file">From <see cref="ImportSession.AddFile"/>.</param>
    public static void Read(ImportSession session, ImportFile file)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            using var stream = File.OpenRead(file.Path);
            var tasks = 0;
            new JsonStreamWalker
            {
                Wanted = _ => false,
                Element = (array, task) =>
                {
                    if (array is not null) return;
                    tasks++;
                    Task(session, file, task, tasks);
                },
            }.Walk(stream);
            if (tasks == 0) session.Exclude(file, "not a Label Studio JSON export (no list of tasks)");
        }
        catch (JsonException e)
        {
            session.Exclude(file, $"not valid Label Studio JSON ({e.Message})");
        }
    }

    private static void Task(ImportSession session, ImportFile file, JsonElement task, int position)
    {
        if (task.ValueKind != JsonValueKind.Object)
        {
            session.Problems.Add($"{file.Path}: task {position}: not an object; left out");
            return;
        }
        var id = task.TryGetProperty("id", out var i) ? i.ToString() : position.ToString(CultureInfo.InvariantCulture);
        var where = $"{file.Path}: task {id}";
        if (!task.TryGetProperty("annotations", out var annotations) || annotations.ValueKind != JsonValueKind.Array)
        {
            session.Problems.Add($"{where}: no annotations list; left out");
            return;
        }
        var image = session.Image(file, ImageKey(task, id), null);
        foreach (var a in annotations.EnumerateArray())
        {
            if (a.ValueKind != JsonValueKind.Object) continue;
            if (a.TryGetProperty("was_cancelled", out var c) && c.ValueKind == JsonValueKind.True)
            {
                session.Skip("cancelled annotations");
                continue;
            }
            var annotationId = a.TryGetProperty("id", out var ai) ? ai.ToString() : "?";
            if (Annotator(a) is not { } who)
            {
                session.Problems.Add($"{where}: annotation {annotationId}: no completed_by; left out");
                continue;
            }
            var answer = session.Answer(file, session.Annotator(who), image);
            Results(session, file, a, image, answer, $"{where}: annotation {annotationId}");
        }
    }

    private static void Results(
        ImportSession session, ImportFile file, JsonElement annotation, int image, int answer, string where)
    {
        if (!annotation.TryGetProperty("result", out var results) || results.ValueKind != JsonValueKind.Array) return;
        var people = new Dictionary<string, List<RawPoint>>(StringComparer.Ordinal);
        foreach (var r in results.EnumerateArray())
        {
            if (r.ValueKind != JsonValueKind.Object || Text(r, "type") != "keypointlabels")
            {
                session.Skip("Label Studio results other than keypointlabels");
                continue;
            }
            var rid = Text(r, "id") ?? "?";
            if (Number(r, "original_width") is not { } w || Number(r, "original_height") is not { } h
                || w <= 0 || h <= 0)
            {
                session.Problems.Add($"{where}: result {rid}: no original_width and original_height; left out");
                continue;
            }
            session.SetSize(file, image, new ImageSize((int)w, (int)h));
            if (!r.TryGetProperty("value", out var v) || Number(v, "x") is not { } x || Number(v, "y") is not { } y
                || !v.TryGetProperty("keypointlabels", out var names) || names.ValueKind != JsonValueKind.Array
                || names.GetArrayLength() == 0 || names[0].ValueKind != JsonValueKind.String)
            {
                session.Problems.Add($"{where}: result {rid}: value has no x, y and keypointlabels; left out");
                continue;
            }
            var parent = Text(r, "parentID") ?? "";
            if (!people.TryGetValue(parent, out var points)) people[parent] = points = [];
            points.Add(new RawPoint(file.NameId(names[0].GetString()!), x / 100 * w, y / 100 * h, null));
        }
        var n = 0;
        foreach (var (_, points) in people.OrderBy(p => p.Key, StringComparer.Ordinal))
            session.Skeleton(file, answer, image, ++n, points.ToArray());
    }

    private static string ImageKey(JsonElement task, string id)
    {
        if (task.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            if (Text(data, "image") is { Length: > 0 } image) return image;
            foreach (var p in data.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } s) return s;
        }
        return $"task {id}";
    }

    private static string? Annotator(JsonElement a)
    {
        if (!a.TryGetProperty("completed_by", out var c)) return null;
        return c.ValueKind switch
        {
            JsonValueKind.Number => "user " + c.GetRawText(),
            JsonValueKind.String when c.GetString() is { Length: > 0 } s => s,
            JsonValueKind.Object => Text(c, "email") is { Length: > 0 } email ? email
                : c.TryGetProperty("id", out var id) ? "user " + id.GetRawText() : null,
            _ => null,
        };
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;
}
