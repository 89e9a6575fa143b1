using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Exports;

/// <summary>
/// One HTML page to review a job: objects needing review first, 24 to a page (only the page shown is drawn, so ten
/// thousand objects open as fast as one page) in as many columns as the window holds, a filter by review reason, each
/// reason in words with its code beside them, each skeleton that a reason is about outlined and named on its image,
/// each worker's points on demand with a legend of their marks and agreement. Every
/// stroke is drawn over a dark outline, so the overlay stands out on light and dark images alike. The data is
/// embedded as compact JSON whose HTML-sensitive characters are escaped, so labels and URIs render as text.
/// </summary>
public static class ReviewPage
{
    /// <summary>Objects drawn per page.</summary>
    public const int PageSize = 24;

    /// <summary>Builds the page.</summary>
    public static string Build(IEnumerable<ReviewItem> items, Rig rig, string title)
    {
        var ordered = items.OrderByDescending(i => Bool(i.Label, "needs_review")).ThenBy(i => i.Line).ToList();
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("page_size", PageSize);
            w.WriteStartObject("reason_words");
            foreach (var (code, words) in ReasonWords.All) w.WriteString(code, words);
            w.WriteEndObject();
            w.WriteStartArray("keypoints");
            foreach (var k in rig.Keypoints)
            {
                w.WriteStartArray();
                w.WriteStringValue(k.Label);
                w.WriteStringValue(k.Color);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray("edges");
            foreach (var e in rig.Edges)
            {
                w.WriteStartArray();
                w.WriteNumberValue(rig.IndexOf(e.From));
                w.WriteNumberValue(rig.IndexOf(e.To));
                w.WriteStringValue(e.Color);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray("items");
            foreach (var item in ordered) WriteItem(w, item, rig);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        var data = Encoding.UTF8.GetString(buffer.ToArray());
        return ReviewPageTemplate.Html
            .Replace("__TITLE__", System.Net.WebUtility.HtmlEncode(title), StringComparison.Ordinal)
            .Replace("__DATA__", data, StringComparison.Ordinal);
    }

    // Compact: points as [rig index, x, y, v] so ten thousand objects stay a few tens of MB.
    private static void WriteItem(Utf8JsonWriter w, ReviewItem item, Rig rig)
    {
        var label = item.Label;
        w.WriteStartObject();
        w.WriteNumber("line", item.Line);
        w.WriteString("source", item.SourceRef);
        if (item.ImageDataUri is not null) w.WriteString("image", item.ImageDataUri);
        if (label.TryGetProperty("image_size", out var size) && size.ValueKind == JsonValueKind.Object)
        {
            w.WriteNumber("w", Number(size, "width") ?? 640);
            w.WriteNumber("h", Number(size, "height") ?? 480);
        }
        w.WriteBoolean("review", Bool(label, "needs_review"));
        Strings(w, "reasons", label, "review_reasons");
        Strings(w, "notes", label, "notes");
        w.WriteStartArray("instances");
        if (label.TryGetProperty("instances", out var instances) && instances.ValueKind == JsonValueKind.Array)
        {
            foreach (var instance in instances.EnumerateArray())
            {
                if (instance.ValueKind != JsonValueKind.Object) continue;
                w.WriteStartObject();
                w.WriteString(
                    "name",
                    instance.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                        ? n.GetString()
                        : "");
                if (Number(instance, "agreement") is { } a) w.WriteNumber("agreement", a);
                if (Number(instance, "confidence") is { } c) w.WriteNumber("confidence", c);
                Strings(w, "reasons", instance, "review_reasons");
                w.WriteStartArray("points");
                if (instance.TryGetProperty("keypoints", out var points) && points.ValueKind == JsonValueKind.Array)
                {
                    foreach (var p in points.EnumerateArray())
                    {
                        if (p.ValueKind != JsonValueKind.Object
                            || !p.TryGetProperty("label", out var l)
                            || l.ValueKind != JsonValueKind.String)
                            continue;
                        var index = rig.IndexOf(l);
                        if (index < 0 || Number(p, "x") is not { } x || Number(p, "y") is not { } y) continue;
                        w.WriteStartArray();
                        w.WriteNumberValue(index); w.WriteNumberValue(x); w.WriteNumberValue(y);
                        w.WriteNumberValue(
                            p.TryGetProperty("visible", out var v) && v.ValueKind == JsonValueKind.False ? 1 : 2);
                        w.WriteEndArray();
                    }
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();
        WriteWorkers(w, item, label, rig);
        w.WriteEndObject();
    }

    private static void WriteWorkers(Utf8JsonWriter w, ReviewItem item, JsonElement label, Rig rig)
    {
        var agreement = new Dictionary<string, (double? Agreement, bool Swapped)>(StringComparer.Ordinal);
        if (label.TryGetProperty("workers", out var summaries) && summaries.ValueKind == JsonValueKind.Array)
            foreach (var s in summaries.EnumerateArray())
                if (s.ValueKind == JsonValueKind.Object
                    && s.TryGetProperty("worker_id", out var id)
                    && id.ValueKind == JsonValueKind.String)
                    agreement[id.GetString()!] = (Number(s, "agreement"), Bool(s, "left_right_swapped"));
        var answered = item.WorkerAnswers.ToDictionary(a => a.WorkerId, a => a.Instances, StringComparer.Ordinal);
        w.WriteStartArray("workers");
        foreach (var id in agreement.Keys.Concat(answered.Keys.Where(k => !agreement.ContainsKey(k))))
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            if (agreement.TryGetValue(id, out var a))
            {
                if (a.Agreement is { } v) w.WriteNumber("agreement", v);
                if (a.Swapped) w.WriteBoolean("swapped", true);
            }
            w.WriteStartArray("skeletons");
            foreach (var instance in answered.GetValueOrDefault(id) ?? [])
            {
                w.WriteStartArray();
                foreach (var k in instance.Keypoints)
                {
                    var index = rig.IndexOf(k.Label);
                    if (index < 0) continue;
                    w.WriteStartArray();
                    w.WriteNumberValue(index);
                    w.WriteNumberValue(k.X);
                    w.WriteNumberValue(k.Y);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter w, string name, JsonElement owner, string property)
    {
        w.WriteStartArray(name);
        if (owner.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array)
            foreach (var s in list.EnumerateArray())
                if (s.ValueKind == JsonValueKind.String) w.WriteStringValue(s.GetString());
        w.WriteEndArray();
    }

    private static double? Number(JsonElement owner, string property) =>
        owner.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static bool Bool(JsonElement owner, string property) =>
        owner.ValueKind == JsonValueKind.Object
            && owner.TryGetProperty(property, out var v)
            && v.ValueKind == JsonValueKind.True;
}
