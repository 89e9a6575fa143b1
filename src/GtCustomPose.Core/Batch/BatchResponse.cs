using System.Text.Json;

namespace GtCustomPose.Core.Batch;

/// <summary>
/// Writes the consolidation response Ground Truth expects: one entry per labelled object,
/// <c>[{"datasetObjectId", "consolidatedAnnotation": {"content": {attribute: label}}}]</c>.
/// </summary>
internal static class BatchResponse
{
    /// <summary>The response array, in a buffer positioned at its start (so a handler posts it without another
    /// copy).</summary>
    /// <param name="labels">The labels, in the order to write.</param>
    /// <param name="attribute">The job's label attribute.</param>
    /// <param name="compact">Labels without per-keypoint details, boxes, notes or worker summaries.</param>
    public static MemoryStream Write(
        IReadOnlyList<ObjectOutcome.Labelled> labels, string attribute, bool compact = false)
    {
        var buffer = new MemoryStream(16 * 1024);
        // The serializer writes well-formed JSON; checking every token again costs time on megabytes of labels.
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        writer.WriteStartArray();
        for (var i = 0; i < labels.Count; i++)
        {
            if (i == 16)
            {
                // Sized once from the first labels: growing by doubling copies megabytes on the large object heap.
                writer.Flush();
                var estimate = buffer.Length * 1.1 * labels.Count / i + 1024;
                buffer.Capacity = (int)Math.Min(int.MaxValue, Math.Max(buffer.Capacity, estimate));
            }
            var (_, id, label) = labels[i];
            writer.WriteStartObject();
            writer.WriteString("datasetObjectId", id);
            writer.WriteStartObject("consolidatedAnnotation");
            writer.WriteStartObject("content");
            writer.WritePropertyName(attribute);
            JsonSerializer.Serialize(
                writer, compact ? label.Compact() : label, LabelJsonContext.Default.ConsolidatedLabel);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.Flush();
        buffer.Position = 0;
        return buffer;
    }
}
