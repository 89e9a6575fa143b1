using System.Text.Json;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Exports;

/// <summary>
/// Output manifest to COCO keypoints JSON (mmpose, detectron2): <c>images</c> (file_name is the S3 key, coco_url the
/// S3 URI), <c>annotations</c> with <c>keypoints</c> as x,y,v triples in rig order (v = 2 visible, 1 occluded, 0 not
/// placed with x = y = 0), <c>num_keypoints</c> (placed ones), <c>bbox</c> [x, y, w, h] and <c>area</c> in pixels
/// (the box: <see cref="PersonBox"/>), and one category holding the rig's keypoint names and 1-based skeleton.
/// Streams: images go to the output as they are read and annotations to a temporary file appended at the end, so
/// memory does not grow with the manifest.
/// </summary>
public static class CocoExporter
{
    /// <summary>Writes the dataset.</summary>
    /// <param name="labels">The output manifest's labels.</param>
    /// <param name="rig">The rig (keypoint order of the export).</param>
    /// <param name="includeNeedsReview">Include objects whose label needs review (default: left out).</param>
    /// <param name="output">Where the JSON goes.</param>
    public static ExportResult Export(LabelReader labels, Rig rig, bool includeNeedsReview, Stream output)
    {
        int images = 0, annotations = 0, excluded = 0;
        using var spill = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None,
            1 << 16, FileOptions.DeleteOnClose);
        // The document is framed by hand so each array can be written by its own writer, in its own stream.
        output.Write("{\"info\":"u8);
        WriteValue(output, w =>
        {
            w.WriteStartObject();
            w.WriteString("description", $"GtCustomPose export of label attribute '{labels.LabelAttribute}'");
            w.WriteEndObject();
        });
        output.Write(",\"images\":"u8);
        using (var w = new Utf8JsonWriter(output))
        using (var a = new Utf8JsonWriter(spill))
        {
            w.WriteStartArray();
            a.WriteStartArray();
            foreach (var line in labels.Read())
            {
                if (line.Label.NeedsReview && !includeNeedsReview) { excluded++; continue; }
                var imageId = ++images;
                WriteImage(w, imageId, line);
                foreach (var instance in line.Label.Instances)
                {
                    if (instance.Keypoints.Count == 0) continue;
                    WriteAnnotation(a, ++annotations, imageId, instance, rig, line, labels.Problems);
                }
                if (w.BytesPending > 1 << 16) w.Flush();
                if (a.BytesPending > 1 << 16) a.Flush();
            }
            w.WriteEndArray();
            a.WriteEndArray();
        }
        output.Write(",\"annotations\":"u8);
        spill.Position = 0;
        spill.CopyTo(output);
        output.Write(",\"categories\":"u8);
        WriteValue(output, w => WriteCategories(w, rig));
        output.Write("}"u8);
        output.Flush();
        return new ExportResult(images, annotations, excluded);
    }

    private static void WriteValue(Stream output, Action<Utf8JsonWriter> write)
    {
        using var w = new Utf8JsonWriter(output);
        write(w);
    }

    private static void WriteImage(Utf8JsonWriter w, int id, LabeledLine line)
    {
        var sourceRef = line.SourceRef ?? $"line-{line.Number}";
        w.WriteStartObject();
        w.WriteNumber("id", id);
        w.WriteString("file_name", S3Uri.TryParse(sourceRef, out var uri) ? uri.Key : sourceRef);
        w.WriteString("coco_url", sourceRef);
        w.WriteNumber("width", line.Label.ImageSize?.Width ?? 0);
        w.WriteNumber("height", line.Label.ImageSize?.Height ?? 0);
        w.WriteEndObject();
    }

    private static void WriteCategories(Utf8JsonWriter w, Rig rig) => WriteCategories(w, rig, 1, rig.Name, rig.Name);

    /// <summary>COCO's <c>categories</c> array with the one keypoint category of <paramref name="rig"/>: its
    /// keypoint names and its edges as 1-based pairs.</summary>
    internal static void WriteCategories(Utf8JsonWriter w, Rig rig, long id, string name, string supercategory)
    {
        w.WriteStartArray();
        w.WriteStartObject();
        w.WriteNumber("id", id);
        w.WriteString("name", name);
        w.WriteString("supercategory", supercategory);
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
    }

    private static void WriteAnnotation(Utf8JsonWriter w, int id, int imageId, ConsolidatedInstance instance, Rig rig,
        LabeledLine line, ProblemLog problems)
    {
        var placed = RigOrder.Lay(instance, rig, line.Number, problems);
        var box = PersonBox.Of(instance, line.Label.ImageSize)!;
        w.WriteStartObject();
        w.WriteNumber("id", id);
        w.WriteNumber("image_id", imageId);
        w.WriteNumber("category_id", 1);
        w.WriteNumber("iscrowd", 0);
        w.WriteStartArray("keypoints");
        var count = 0;
        foreach (var p in placed)
        {
            w.WriteNumberValue(p?.X ?? 0);
            w.WriteNumberValue(p?.Y ?? 0);
            w.WriteNumberValue(RigOrder.Visibility(p));
            if (p is not null) count++;
        }
        w.WriteEndArray();
        w.WriteNumber("num_keypoints", count);
        w.WriteStartArray("bbox");
        w.WriteNumberValue(Math.Round(box.Left, 1));
        w.WriteNumberValue(Math.Round(box.Top, 1));
        w.WriteNumberValue(Math.Round(box.Width, 1));
        w.WriteNumberValue(Math.Round(box.Height, 1));
        w.WriteEndArray();
        w.WriteNumber("area", Math.Round(box.Width * box.Height, 1));
        w.WriteString("name", instance.Name);
        w.WriteEndObject();
    }
}
