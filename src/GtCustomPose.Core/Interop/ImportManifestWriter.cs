using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace GtCustomPose.Core.Interop;

/// <summary>
/// Writes consolidated imports as a Ground Truth output manifest (JSON Lines), so the job report, the review page and
/// the YOLO, COCO and split exports read them as they read a job's: per image <c>source-ref</c>, the label under the
/// label attribute and its <c>-metadata</c> (<c>type</c> <c>groundtruth/custom</c>, <c>job-name</c>,
/// <c>human-annotated</c>, <c>creation-date</c>). An image without any answer left gets a line without a label.
/// </summary>
/// <param name="output">Receives the lines.</param>
/// <param name="labelAttribute">The label attribute, e.g. <c>pose</c>.</param>
/// <param name="sourcePrefix">Put before each image key that is not an <c>s3://</c> URI already (e.g.
/// <c>s3://bucket/images/</c>); null keeps the keys as they are.</param>
/// <param name="jobName">Written as <c>job-name</c>.</param>
/// <param name="now">Written as <c>creation-date</c>.</param>
public sealed class ImportManifestWriter(
    Stream output, string labelAttribute, string? sourcePrefix, string jobName, DateTimeOffset now)
{
    private readonly ArrayBufferWriter<byte> _line = new(16 * 1024);
    private readonly string _created = now.UtcDateTime.ToString(
        "yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    /// <summary>The <c>source-ref</c> of an image key.</summary>
    public string SourceRef(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.StartsWith("s3://", StringComparison.Ordinal) || string.IsNullOrEmpty(sourcePrefix)) return key;
        return sourcePrefix.TrimEnd('/') + "/" + key.TrimStart('/');
    }

    /// <summary>Writes one image's line.</summary>
    public void Add(ImportedLabel label)
    {
        ArgumentNullException.ThrowIfNull(label);
        _line.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(_line))
        {
            w.WriteStartObject();
            w.WriteString("source-ref", SourceRef(label.Image.Key));
            if (label.Label is { } l)
            {
                w.WritePropertyName(labelAttribute);
                JsonSerializer.Serialize(w, l, CoreJsonContext.Default.ConsolidatedLabel);
                w.WriteStartObject(labelAttribute + "-metadata");
                w.WriteString("type", "groundtruth/custom");
                w.WriteString("job-name", jobName);
                w.WriteString("human-annotated", "yes");
                w.WriteString("creation-date", _created);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        _line.Write("\n"u8);
        output.Write(_line.WrittenSpan);
    }
}
