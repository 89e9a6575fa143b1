using System.Text.Json;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Interop;

/// <summary>
/// Writes the consolidated labels as one COCO Keypoints 1.0 file, in the layout CVAT's COCO Keypoints export uses:
/// every image (<c>id</c>, <c>file_name</c>, <c>width</c>, <c>height</c>), one annotation per consolidated person
/// (<c>keypoints</c> as x, y, v in the rig's order with v 2 visible, 1 occluded, 0 absent at 0, 0; <c>num_keypoints</c>
/// the placed ones; <c>bbox</c> the tight box of the placed points and <c>area</c> its w·h; <c>iscrowd</c> 0), one
/// category with the rig's keypoints and 1-based <c>skeleton</c>. Fields COCO readers ignore carry the verdict: on
/// each image <c>needs_review</c>, <c>review_reasons</c>, <c>annotators</c> and <c>p_wrong</c> (the chance an
/// expert would change its label materially, 0 to 1; absent without a label); on each annotation
/// <c>keypoint_confidence</c> (0 to 1 per keypoint, null where absent or with one annotator), <c>confidence</c>,
/// <c>agreement</c> and <c>review_reasons</c>. Annotations go to a temporary file as they come, images are kept as a
/// few fields each, so memory does not grow with the people.
/// </summary>
internal sealed class MergedCocoWriter : IDisposable
{
    private readonly Rig _rig;
    private readonly FileStream _spill;
    private readonly Utf8JsonWriter _annotations;
    private readonly ImageRow?[] _images;
    private readonly Dictionary<string, string[]> _reasons = new(StringComparer.Ordinal);
    private long _nextAnnotation;

    private sealed record ImageRow(bool NeedsReview, string[] Reasons, int Annotators, double? PWrong);

    /// <param name="rig">The rig (keypoint order).</param>
    /// <param name="images">How many images the session has.</param>
    public MergedCocoWriter(Rig rig, int images)
    {
        _rig = rig;
        _images = new ImageRow?[images];
        _spill = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose);
        _annotations = new Utf8JsonWriter(_spill);
        _annotations.WriteStartArray();
    }

    /// <summary>The category written: its id and name (default 1 and the rig's name).</summary>
    public (long Id, string Name) Category { get; init; }

    /// <summary>Annotations written so far.</summary>
    public long Annotations => _nextAnnotation;

    /// <summary>Adds one image's outcome.</summary>
    public void Add(ImportedLabel label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var reasons = label.Label is null ? ["no_answer"] : label.Label.ReviewReasons.ToArray();
        var key = string.Join(",", reasons);
        if (!_reasons.TryGetValue(key, out var shared)) _reasons[key] = shared = reasons;
        _images[label.Index] = new ImageRow(
            label.Label?.NeedsReview ?? true, shared, label.Answers, label.Label?.PWrong);
        foreach (var instance in label.Label?.Instances ?? [])
            if (instance.Keypoints.Count > 0) WriteAnnotation(label.Index + 1, instance);
        if (_annotations.BytesPending > 1 << 16) _annotations.Flush();
    }

    /// <summary>Writes the document to <paramref name="output"/>.</summary>
    /// <param name="output">Receives UTF-8 JSON.</param>
    /// <param name="images">The session's images, in index order.</param>
    public void Finish(Stream output, IReadOnlyList<ImportedImage> images)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(images);
        _annotations.WriteEndArray();
        _annotations.Flush();
        // Framed by hand, so the annotations can be copied in between the writers' values.
        output.Write("{\"info\":{\"description\":\"GtCustomPose consolidation of several annotators' exports\","u8);
        output.Write("\"version\":\"1.0\"},\"licenses\":[],\"images\":"u8);
        using (var w = new Utf8JsonWriter(output))
        {
            w.WriteStartArray();
            for (var i = 0; i < images.Count; i++)
            {
                var row = _images[i] ?? new ImageRow(true, ["no_answer"], 0, null);
                w.WriteStartObject();
                w.WriteNumber("id", i + 1);
                w.WriteString("file_name", images[i].Key);
                w.WriteNumber("width", images[i].Size?.Width ?? 0);
                w.WriteNumber("height", images[i].Size?.Height ?? 0);
                w.WriteBoolean("needs_review", row.NeedsReview);
                w.WriteStartArray("review_reasons");
                foreach (var r in row.Reasons) w.WriteStringValue(r);
                w.WriteEndArray();
                w.WriteNumber("annotators", row.Annotators);
                if (row.PWrong is { } pWrong) w.WriteNumber("p_wrong", pWrong);
                w.WriteEndObject();
                if (w.BytesPending > 1 << 16) w.Flush();
            }
            w.WriteEndArray();
        }
        output.Write(",\"annotations\":"u8);
        _spill.Position = 0;
        _spill.CopyTo(output);
        output.Write(",\"categories\":"u8);
        using (var w = new Utf8JsonWriter(output)) WriteCategories(w);
        output.Write("}"u8);
        output.Flush();
    }

    private void WriteCategories(Utf8JsonWriter w) => Exports.CocoExporter.WriteCategories(
        w, _rig, Category.Id == 0 ? 1 : Category.Id, Category.Name ?? _rig.Name, "");

    private void WriteAnnotation(int imageId, ConsolidatedInstance instance)
    {
        var placed = new ConsolidatedKeypoint?[_rig.Count];
        foreach (var k in instance.Keypoints)
            if (_rig.IndexOf(k.Label) is var i and >= 0) placed[i] = k;
        double left = double.MaxValue, top = double.MaxValue, right = double.MinValue, bottom = double.MinValue;
        var w = _annotations;
        w.WriteStartObject();
        w.WriteNumber("id", ++_nextAnnotation);
        w.WriteNumber("image_id", imageId);
        w.WriteNumber("category_id", Category.Id == 0 ? 1 : Category.Id);
        w.WriteNumber("iscrowd", 0);
        w.WriteStartArray("keypoints");
        var count = 0;
        foreach (var p in placed)
        {
            w.WriteNumberValue(p?.X ?? 0);
            w.WriteNumberValue(p?.Y ?? 0);
            w.WriteNumberValue(p is null ? 0 : p.Visible == false ? 1 : 2);
            if (p is null) continue;
            count++;
            left = Math.Min(left, p.X); top = Math.Min(top, p.Y);
            right = Math.Max(right, p.X); bottom = Math.Max(bottom, p.Y);
        }
        w.WriteEndArray();
        w.WriteNumber("num_keypoints", count);
        double width = Math.Round(right - left, 2), height = Math.Round(bottom - top, 2);
        w.WriteStartArray("bbox");
        w.WriteNumberValue(Math.Round(left, 2));
        w.WriteNumberValue(Math.Round(top, 2));
        w.WriteNumberValue(width);
        w.WriteNumberValue(height);
        w.WriteEndArray();
        w.WriteNumber("area", Math.Round(width * height, 2));
        w.WriteStartArray("keypoint_confidence");
        foreach (var p in placed)
        {
            if (p?.Confidence is { } c) w.WriteNumberValue(c);
            else w.WriteNullValue();
        }
        w.WriteEndArray();
        if (instance.Confidence is { } confidence) w.WriteNumber("confidence", confidence);
        if (instance.Agreement is { } agreement) w.WriteNumber("agreement", agreement);
        if (instance.ReviewReasons is { Count: > 0 } reasons)
        {
            w.WriteStartArray("review_reasons");
            foreach (var r in reasons) w.WriteStringValue(r);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary>Deletes the temporary file.</summary>
    public void Dispose()
    {
        _annotations.Dispose();
        _spill.Dispose();
    }
}
