using System.Text.Json;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Exports;

/// <summary>Counts of a COCO export.</summary>
public sealed record CocoExportResult(int Images, int Annotations, int ExcludedForReview, IReadOnlyList<string> Problems);

/// <summary>
/// Output manifest to COCO keypoints JSON (mmpose, detectron2, ultralytics): <c>images</c> (file_name is the S3 key,
/// coco_url the S3 URI), <c>annotations</c> with <c>keypoints</c> as x,y,v triples in rig order (v = 2 placed, 0 not
/// placed), <c>num_keypoints</c>, <c>bbox</c> [x, y, w, h] and <c>area</c> in pixels, and one category holding the
/// rig's keypoint names and 1-based skeleton.
/// </summary>
public static class CocoExporter
{
    /// <summary>Writes the dataset.</summary>
    /// <param name="lines">The output manifest.</param>
    /// <param name="labelAttribute">The job's label attribute.</param>
    /// <param name="rig">The rig (keypoint order of the export).</param>
    /// <param name="includeNeedsReview">Include objects whose label says needs_review (default: left out).</param>
    /// <param name="output">Where the JSON goes.</param>
    public static CocoExportResult Export(IEnumerable<ManifestLine> lines, string labelAttribute, Rig rig, bool includeNeedsReview, Stream output)
    {
        var problems = new List<string>();
        int images = 0, annotations = 0, excluded = 0;
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false });
        w.WriteStartObject();
        w.WriteStartObject("info");
        w.WriteString("description", $"GtCustomPose export of label attribute '{labelAttribute}'");
        w.WriteEndObject();
        var annotationBuffer = new List<Action>();
        w.WriteStartArray("images");
        foreach (var line in lines)
        {
            if (line.Value is not { } value) { problems.Add(line.Problem!); continue; }
            if (!value.TryGetProperty(labelAttribute, out var label) || label.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"line {line.Number}: no '{labelAttribute}' label");
                continue;
            }
            if (!includeNeedsReview && label.TryGetProperty("needs_review", out var nr) && nr.ValueKind == JsonValueKind.True) { excluded++; continue; }
            var lineProblems = new List<string>();
            var instances = InstanceReader.Read(label, rig, $"line {line.Number}: {labelAttribute}", lineProblems);
            problems.AddRange(lineProblems);
            if (instances is null) { problems.Add($"line {line.Number}: '{labelAttribute}' has no instances"); continue; }
            var imageId = ++images;
            var sourceRef = value.TryGetProperty("source-ref", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : $"line-{line.Number}";
            var size = label.TryGetProperty("image_size", out var sz) && sz.ValueKind == JsonValueKind.Object
                ? (W: sz.GetProperty("width").GetInt32(), H: sz.GetProperty("height").GetInt32()) : (W: 0, H: 0);
            w.WriteStartObject();
            w.WriteNumber("id", imageId);
            w.WriteString("file_name", S3Uri.TryParse(sourceRef, out var uri) ? uri.Key : sourceRef);
            w.WriteString("coco_url", sourceRef);
            w.WriteNumber("width", size.W);
            w.WriteNumber("height", size.H);
            w.WriteEndObject();
            foreach (var instance in instances.Where(i => i.Keypoints.Count > 0))
            {
                var id = ++annotations;
                var captured = instance;
                annotationBuffer.Add(() => WriteAnnotation(w, id, imageId, captured, rig));
            }
        }
        w.WriteEndArray();
        w.WriteStartArray("annotations");
        foreach (var write in annotationBuffer) write();
        w.WriteEndArray();
        w.WriteStartArray("categories");
        w.WriteStartObject();
        w.WriteNumber("id", 1);
        w.WriteString("name", rig.Name);
        w.WriteString("supercategory", rig.Name);
        w.WriteStartArray("keypoints");
        foreach (var k in rig.Keypoints) w.WriteStringValue(k.Label);
        w.WriteEndArray();
        w.WriteStartArray("skeleton");
        foreach (var e in rig.Edges)
        {
            w.WriteStartArray();
            w.WriteNumberValue(rig.IndexOf(e.From) + 1);
            w.WriteNumberValue(rig.IndexOf(e.To) + 1);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        return new CocoExportResult(images, annotations, excluded, problems);
    }

    private static void WriteAnnotation(Utf8JsonWriter w, int id, int imageId, SkeletonInstance instance, Rig rig)
    {
        var placed = new Keypoint?[rig.Count];
        foreach (var k in instance.Keypoints) placed[rig.IndexOf(k.Label)] = k;
        double l = instance.Keypoints.Min(k => k.X), t = instance.Keypoints.Min(k => k.Y);
        double width = instance.Keypoints.Max(k => k.X) - l, height = instance.Keypoints.Max(k => k.Y) - t;
        w.WriteStartObject();
        w.WriteNumber("id", id);
        w.WriteNumber("image_id", imageId);
        w.WriteNumber("category_id", 1);
        w.WriteNumber("iscrowd", 0);
        w.WriteStartArray("keypoints");
        foreach (var p in placed)
        {
            w.WriteNumberValue(p?.X ?? 0);
            w.WriteNumberValue(p?.Y ?? 0);
            w.WriteNumberValue(p is null ? 0 : 2);
        }
        w.WriteEndArray();
        w.WriteNumber("num_keypoints", instance.Keypoints.Count);
        w.WriteStartArray("bbox");
        w.WriteNumberValue(Math.Round(l, 1));
        w.WriteNumberValue(Math.Round(t, 1));
        w.WriteNumberValue(Math.Round(width, 1));
        w.WriteNumberValue(Math.Round(height, 1));
        w.WriteEndArray();
        w.WriteNumber("area", Math.Round(width * height, 1));
        w.WriteString("name", instance.Name);
        w.WriteEndObject();
    }
}
