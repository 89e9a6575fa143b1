using System.Text.Json;

namespace GtCustomPose.Core.Batch;

/// <summary>
/// Reads the consolidation request payload (one JSON array for the batch) element by element, so a large batch is never
/// held as one document. A malformed element becomes an object with problems, not a failed batch.
/// </summary>
public static class PayloadReader
{
    /// <summary>Answers beyond this many for one object are reported and not used (Ground Truth sends at most 9).</summary>
    public const int MaxAnswersPerObject = 32;

    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<JsonElement> LargeBuffer =
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<JsonElement>)new JsonSerializerOptions(CoreJsonContext.Default.Options) { DefaultBufferSize = 1 << 20 }.GetTypeInfo(typeof(JsonElement));

    /// <summary>Streams the payload's objects.</summary>
    /// <exception cref="JsonException">The payload is not a JSON array or is truncated; the caller names the URI.</exception>
    public static async IAsyncEnumerable<(DataObjectAnswers? Item, string? Problem, int Index)> ReadAsync(Stream payload, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var index = 0;
        // Large reads: a network stream read in the serializer's default 16 KB steps costs far more than the parsing.
        await using var buffered = new BufferedStream(payload, 1 << 20);
        await foreach (var element in JsonSerializer.DeserializeAsyncEnumerable(buffered, LargeBuffer, cancellationToken))
        {
            var (item, problem) = ReadItem(element, index);
            yield return (item, problem, index);
            index++;
        }
    }

    /// <summary>Reads one payload element.</summary>
    public static (DataObjectAnswers? Item, string? Problem) ReadItem(JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object) return (null, $"payload[{index}] is a JSON {element.ValueKind}, expected an object");
        if (!element.TryGetProperty("datasetObjectId", out var idElement)) return (null, $"payload[{index}] has no datasetObjectId");
        var id = idElement.ValueKind switch
        {
            JsonValueKind.String => idElement.GetString()!,
            JsonValueKind.Number => idElement.GetRawText(),
            _ => null,
        };
        if (string.IsNullOrEmpty(id)) return (null, $"payload[{index}].datasetObjectId is {Answers.InstanceReader.Shorten(idElement.GetRawText())}, expected a string");
        if (!element.TryGetProperty("annotations", out var list) || list.ValueKind != JsonValueKind.Array)
            return (new DataObjectAnswers(id, []), $"data object {id}: 'annotations' is missing or not an array");
        var answers = new List<AnswerReference>();
        var i = 0;
        foreach (var a in list.EnumerateArray())
        {
            if (i == MaxAnswersPerObject)
            {
                answers.Add(new AnswerReference($"(answers {MaxAnswersPerObject + 1}..{list.GetArrayLength()})", null, null,
                    $"data object {id}: {list.GetArrayLength()} answers, only the first {MaxAnswersPerObject} are used"));
                break;
            }
            answers.Add(ReadAnswer(a, id, i++));
        }
        return (new DataObjectAnswers(id, answers), null);
    }

    private static AnswerReference ReadAnswer(JsonElement a, string id, int i)
    {
        var where = $"data object {id}, annotations[{i}]";
        if (a.ValueKind != JsonValueKind.Object) return new AnswerReference($"(answer {i})", null, null, $"{where} is not an object");
        var worker = a.TryGetProperty("workerId", out var w) && w.ValueKind == JsonValueKind.String && w.GetString() is { Length: > 0 } given
            ? given : $"(answer {i})";
        if (!a.TryGetProperty("annotationData", out var data) || data.ValueKind != JsonValueKind.Object)
            return new AnswerReference(worker, null, null, $"{where}.annotationData is missing or not an object");
        if (data.TryGetProperty("content", out var content) && content.ValueKind != JsonValueKind.Null)
        {
            // content is documented as a JSON string; an object is accepted as the same answer unencoded.
            return content.ValueKind switch
            {
                JsonValueKind.String => new AnswerReference(worker, content.GetString(), null, null),
                JsonValueKind.Object => new AnswerReference(worker, content.GetRawText(), null, null),
                _ => new AnswerReference(worker, null, null, $"{where}.annotationData.content is a JSON {content.ValueKind}, expected a string"),
            };
        }
        if (data.TryGetProperty("s3Uri", out var uri) && uri.ValueKind == JsonValueKind.String)
            return new AnswerReference(worker, null, uri.GetString(), null);
        return new AnswerReference(worker, null, null, $"{where}.annotationData has neither 'content' nor 's3Uri'");
    }
}
