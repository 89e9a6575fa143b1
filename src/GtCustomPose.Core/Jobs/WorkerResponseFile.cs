using System.Text.Json;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Jobs;

/// <summary>
/// One file of <c>annotations/worker-response/iteration-1/&lt;id&gt;/</c>:
/// <c>{"answers": [{"acceptanceTime", "answerContent", "submissionTime", "timeSpentInSeconds", "workerId",
/// "workerMetadata"}]}</c>.
/// Ground Truth writes one answer per file; every entry is read. <c>answerContent</c> is the task form's answer as a
/// JSON object, the same answer a consolidation request carries as the string <c>annotationData.content</c>.
/// </summary>
public static class WorkerResponseFile
{
    /// <summary>Files larger than this many bytes are not parsed (2 MiB: an answer's limit plus its
    /// metadata).</summary>
    public const int MaxFileBytes = 2 << 20;

    /// <summary>
    /// The answers a file holds. Never throws for bad content: a file that cannot be read is one unreadable answer
    /// whose
    /// worker id is the file's name and whose reason says what was wrong.
    /// </summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <param name="rig">The rig the answers use.</param>
    /// <param name="name">The file's key or URI, for reasons.</param>
    public static List<WorkerAnswer> Parse(ReadOnlyMemory<byte> utf8, Rig rig, string name)
    {
        if (utf8.Length > MaxFileBytes) return [
            WorkerAnswer.Unreadable(name, $"{utf8.Length} bytes, more than the limit of {MaxFileBytes} ({name})")];
        if (utf8.Span.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        try
        {
            using var doc = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 32 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("answers", out var answers)
                || answers.ValueKind != JsonValueKind.Array)
                return [WorkerAnswer.Unreadable(name, $"not a worker response ({{\"answers\": [...]}}) ({name})")];
            var result = new List<WorkerAnswer>(answers.GetArrayLength());
            var index = 0;
            foreach (var entry in answers.EnumerateArray())
            {
                result.Add(ParseEntry(entry, rig, $"{name} answers[{index}]"));
                index++;
            }
            if (result.Count == 0) result.Add(WorkerAnswer.Unreadable(name, $"the answers list is empty ({name})"));
            return result;
        }
        catch (JsonException e)
        {
            return [WorkerAnswer.Unreadable(name, $"not valid JSON: {InstanceReader.Shorten(e.Message)} ({name})")];
        }
    }

    private static WorkerAnswer ParseEntry(JsonElement entry, Rig rig, string where)
    {
        if (entry.ValueKind != JsonValueKind.Object) return WorkerAnswer.Unreadable(
            where, $"a JSON {entry.ValueKind}, expected an object ({where})");
        if (!entry.TryGetProperty("workerId", out var w)
            || w.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(w.GetString()))
            return WorkerAnswer.Unreadable(where, $"no workerId ({where})");
        var worker = w.GetString()!;
        if (!entry.TryGetProperty("answerContent", out var content))
            return WorkerAnswer.Unreadable(worker, $"no answerContent ({where})");
        // Some writers keep the answer as the JSON string the consolidation request carries.
        return content.ValueKind == JsonValueKind.String
            ? AnswerParser.Parse(worker, content.GetString(), rig)
            : AnswerParser.Parse(worker, content, rig);
    }

    /// <summary>
    /// A worker-response file for one answer, as Ground Truth writes it (times as <c>YYYY-MM-DDTHH:MM:SS.mmmZ</c>,
    /// <c>workerMetadata</c> null: no private workforce). For the local job runner and tests.
    /// </summary>
    /// <param name="workerId">The worker's id.</param>
    /// <param name="answerContent">
    /// The answer, JSON text of an object; text that is not JSON is kept as a string, as unreadable as it came.
    /// </param>
    /// <param name="accepted">When the worker accepted the task.</param>
    /// <param name="submitted">When the worker submitted.</param>
    public static byte[] Create(
        string workerId, string answerContent, DateTimeOffset accepted, DateTimeOffset submitted)
    {
        JsonDocument? answer = null;
        try { answer = JsonDocument.Parse(answerContent); }
        catch (JsonException) { }
        using var parsed = answer;
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("answers");
            w.WriteStartObject();
            w.WriteString("acceptanceTime", Time(accepted));
            w.WritePropertyName("answerContent");
            if (answer is null) w.WriteStringValue(answerContent);
            else answer.RootElement.WriteTo(w);
            w.WriteString("submissionTime", Time(submitted));
            w.WriteNumber("timeSpentInSeconds", Math.Round((submitted - accepted).TotalSeconds, 3));
            w.WriteString("workerId", workerId);
            w.WriteNull("workerMetadata");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static string Time(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
