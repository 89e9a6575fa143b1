using System.Buffers;
using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Answers;

namespace GtCustomPose.Core.Batch;

/// <summary>
/// Reads the consolidation request payload (one JSON array for the batch) element by element with a
/// <see cref="Utf8JsonReader"/> over a buffer refilled from the stream, so a large batch is never held whole, and each
/// inline answer comes out as UTF-8 bytes, unescaped once. A malformed element becomes a failed element, not a failed
/// batch. The read phase of <see cref="BatchConsolidator"/>.
/// </summary>
internal static partial class PayloadReader
{
    /// <summary>Answers beyond this many for one object are reported and not used (Ground Truth sends at most
    /// 9).</summary>
    public const int MaxAnswersPerObject = 32;

    // Large reads: reading a network stream in small steps costs more than the parsing. The buffer grows only for an
    // element larger than itself.
    private const int BufferBytes = 1 << 20;

    private enum Step { NeedMoreData, Element, End }

    private enum Phase { BeforeArray, InArray, AfterArray }

    /// <summary>Streams the payload's elements: each a data object with its answers, or why the element is
    /// unusable.</summary>
    /// <exception cref="JsonException">The payload is not a JSON array or is truncated; the caller names the
    /// URI.</exception>
    public static IAsyncEnumerable<PayloadElement> ReadAsync(
        Stream payload, CancellationToken cancellationToken = default) =>
        ReadAsync(payload, keepEscaped: false, cancellationToken);

    /// <summary><see cref="ReadAsync(Stream, CancellationToken)"/>; with <paramref name="keepEscaped"/>, an inline
    /// answer without a <c>\u</c> escape is left as the payload escapes it, in a rented array
    /// (<see cref="AnswerReference.EscapedContent"/>), for <see cref="AnswerParser.ParseEscaped"/>.</summary>
    internal static async IAsyncEnumerable<PayloadElement> ReadAsync(
        Stream payload,
        bool keepEscaped,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            int start = 0, end = 0, index = 0;
            var final = false;
            var state = new JsonReaderState();
            var phase = Phase.BeforeArray;
            var bomChecked = false;
            while (true)
            {
                // A UTF-8 byte order mark is allowed before the array, as the serializer allows it.
                if (!bomChecked && (end - start >= 3 || final))
                {
                    if (buffer.AsSpan(start, end - start).StartsWith("\uFEFF"u8)) start += 3;
                    bomChecked = true;
                }
                var step = Next(
                    buffer.AsSpan(start, end - start),
                    final,
                    ref state,
                    ref phase,
                    index,
                    keepEscaped,
                    out var used,
                    out var item,
                    out var problem);
                start += used;
                if (step == Step.End) yield break;
                if (step == Step.Element)
                {
                    yield return problem is null
                        ? new PayloadElement(item, null, index++)
                        : new PayloadElement(
                            null, new ObjectOutcome.Failed(index, item?.DatasetObjectId, problem), index++);
                    continue;
                }
                if (final) throw new JsonException("the payload ends in the middle of an element");
                // An element is cut by the buffer's end: keep its start, fill the rest, and read it again from there.
                Array.Copy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
                if (end == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Array.Copy(buffer, larger, end);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                while (end < buffer.Length)
                {
                    var read = await payload.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                    if (read == 0) { final = true; break; }
                    end += read;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Step Next(Span<byte> data, bool final, ref JsonReaderState state, ref Phase phase, int index,
        bool keepEscaped, out int used, out DataObjectAnswers? item, out string? problem)
    {
        item = null;
        problem = null;
        used = 0;
        var reader = new Utf8JsonReader(data, final, state);
        if (phase == Phase.BeforeArray)
        {
            if (!reader.Read()) return Step.NeedMoreData;
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException(
                $"the payload is a JSON {Kind(reader.TokenType)}, expected an array");
            phase = Phase.InArray;
            Advance(ref reader, ref state, ref used);
        }
        if (phase == Phase.AfterArray)
        {
            // Anything but white space after the array is an error, which the reader raises on the final block.
            if (reader.Read()) throw new JsonException("the payload has more content after its array");
            return final ? Step.End : Step.NeedMoreData;
        }
        if (!reader.Read()) return Step.NeedMoreData;
        if (reader.TokenType == JsonTokenType.EndArray)
        {
            phase = Phase.AfterArray;
            Advance(ref reader, ref state, ref used);
            if (reader.Read()) throw new JsonException("the payload has more content after its array");
            return final ? Step.End : Step.NeedMoreData;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var kind = Kind(reader.TokenType);
            if (!reader.TrySkip()) return Step.NeedMoreData;
            problem = $"payload[{index}] is a JSON {kind}, expected an object";
        }
        else if (!ReadObject(ref reader, data, index, keepEscaped, out item, out problem))
        {
            return Step.NeedMoreData;
        }
        Advance(ref reader, ref state, ref used);
        return Step.Element;
    }

    private static void Advance(ref Utf8JsonReader reader, ref JsonReaderState state, ref int used)
    {
        used = (int)reader.BytesConsumed;
        state = reader.CurrentState;
    }

    /// <summary>One answer as read, before the object's id is known (it may come after the answers).</summary>
    private readonly record struct RawAnswer(
        int Position, string? WorkerId, ReadOnlyMemory<byte>? Content, string? S3Uri, string? Fault,
        byte[]? Escaped = null);

    private static bool ReadObject(
        ref Utf8JsonReader reader, Span<byte> data, int index, bool keepEscaped, out DataObjectAnswers? item,
        out string? problem)
    {
        item = null;
        problem = null;
        string? id = null, idText = null;
        List<RawAnswer>? answers = null;
        var answerCount = 0;
        while (true)
        {
            if (!reader.Read()) return false;
            if (reader.TokenType == JsonTokenType.EndObject) break;
            if (reader.ValueTextEquals("datasetObjectId"u8))
            {
                if (!reader.Read()) return false;
                var valueStart = (int)reader.TokenStartIndex;
                id = reader.TokenType switch
                {
                    JsonTokenType.String => StringOrNull(ref reader),
                    JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                    _ => null,
                };
                if (!reader.TrySkip()) return false;
                idText = Encoding.UTF8.GetString(data[valueStart..(int)reader.BytesConsumed]);
            }
            else if (reader.ValueTextEquals("annotations"u8))
            {
                if (!reader.Read()) return false;
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    if (!reader.TrySkip()) return false;
                    answers = null;
                    continue;
                }
                answers = [];
                if (!ReadAnswers(ref reader, data, keepEscaped, answers, out answerCount)) return false;
            }
            else if (!reader.TrySkip())
            {
                return false;
            }
        }
        if (idText is null) { problem = $"payload[{index}] has no datasetObjectId"; return true; }
        if (string.IsNullOrEmpty(id))
        {
            problem = $"payload[{index}].datasetObjectId is {InstanceReader.Shorten(idText)}, expected a string";
            return true;
        }
        if (answers is null)
        {
            item = new DataObjectAnswers(id, []);
            problem = $"data object {id}: 'annotations' is missing or not an array";
            return true;
        }
        var references = new List<AnswerReference>(answers.Count + 1);
        foreach (var a in answers)
        {
            var worker = a.WorkerId ?? $"(answer {a.Position})";
            var where = $"data object {id}, annotations[{a.Position}]";
            references.Add(a switch
            {
                { Fault: { } fault } => new AnswerReference(worker, null, null, where + fault),
                { Content: { } content } =>
                    new AnswerReference(worker, content, null, null) { EscapedContent = a.Escaped },
                { S3Uri: { } uri } => new AnswerReference(worker, null, uri, null),
                _ =>
                    new AnswerReference(
                        worker, null, null, $"{where}.annotationData has neither 'content' nor 's3Uri'"),
            });
        }
        if (answerCount > MaxAnswersPerObject)
            references.Add(new AnswerReference($"(answers {MaxAnswersPerObject + 1}..{answerCount})", null, null,
                $"data object {id}: {answerCount} answers, only the first {MaxAnswersPerObject} are used"));
        item = new DataObjectAnswers(id, references);
        return true;
    }

    private static bool ReadAnswers(
        ref Utf8JsonReader reader, Span<byte> data, bool keepEscaped, List<RawAnswer> answers, out int count)
    {
        count = 0;
        while (true)
        {
            if (!reader.Read()) return false;
            if (reader.TokenType == JsonTokenType.EndArray) return true;
            var position = count++;
            if (position >= MaxAnswersPerObject || reader.TokenType != JsonTokenType.StartObject)
            {
                var isObject = reader.TokenType == JsonTokenType.StartObject;
                if (!reader.TrySkip()) return false;
                if (position < MaxAnswersPerObject && !isObject) answers.Add(
                    new RawAnswer(position, null, null, null, " is not an object"));
                continue;
            }
            if (!ReadAnswer(ref reader, data, position, keepEscaped, out var answer)) return false;
            answers.Add(answer);
        }
    }

    private static bool ReadAnswer(
        ref Utf8JsonReader reader, Span<byte> data, int position, bool keepEscaped, out RawAnswer answer)
    {
        answer = default;
        string? worker = null, uri = null, fault = null;
        ReadOnlyMemory<byte>? content = null;
        var hasData = false;
        byte[]? escaped = null;
        while (true)
        {
            if (!reader.Read()) return false;
            if (reader.TokenType == JsonTokenType.EndObject) break;
            if (reader.ValueTextEquals("workerId"u8))
            {
                if (!reader.Read()) return false;
                worker = reader.TokenType == JsonTokenType.String && StringOrNull(ref reader) is { Length: > 0 } given
                    ? given
                    : null;
                if (!reader.TrySkip()) return false;
            }
            else if (reader.ValueTextEquals("annotationData"u8))
            {
                if (!reader.Read()) return false;
                hasData = reader.TokenType == JsonTokenType.StartObject;
                if (!hasData)
                {
                    if (!reader.TrySkip()) return false;
                    continue;
                }
                if (!ReadAnnotationData(ref reader, data, keepEscaped, out content, out escaped, out uri, out fault))
                    return false;
            }
            else if (!reader.TrySkip())
            {
                return false;
            }
        }
        if (!hasData) fault = ".annotationData is missing or not an object";
        answer = new RawAnswer(position, worker, content, uri, fault, escaped);
        return true;
    }

    private static bool ReadAnnotationData(
        ref Utf8JsonReader reader, Span<byte> data, bool keepEscaped, out ReadOnlyMemory<byte>? content,
        out byte[]? escaped, out string? uri, out string? fault)
    {
        content = null;
        escaped = null;
        uri = null;
        fault = null;
        while (true)
        {
            if (!reader.Read()) return false;
            if (reader.TokenType == JsonTokenType.EndObject) return true;
            if (reader.ValueTextEquals("content"u8))
            {
                if (keepEscaped && TryTakeEscaped(ref reader, data, out var taken, out var length))
                {
                    (content, escaped, fault) = (taken.AsMemory(0, length), taken, null);
                    continue;
                }
                if (!reader.Read()) return false;
                var valueStart = (int)reader.TokenStartIndex;
                var token = reader.TokenType;
                content = null;
                fault = null;
                escaped = null;
                switch (token)
                {
                    // Unescaped where it is parsed, if at all; a \u escape (perhaps half a surrogate pair, which is not
                    // text) is settled here.
                    case JsonTokenType.String when keepEscaped && reader.ValueIsEscaped
                                                   && reader.ValueSpan.IndexOf("\\u"u8) < 0:
                        escaped = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
                        reader.ValueSpan.CopyTo(escaped);
                        content = escaped.AsMemory(0, reader.ValueSpan.Length);
                        break;
                    // content is documented as a JSON string.
                    case JsonTokenType.String:
                        if (Unescape(ref reader) is { } unescaped) content = unescaped;
                        else fault = ".annotationData.content escapes half a UTF-16 surrogate pair, which is not text";
                        break;
                    // An object is accepted as the same answer unencoded.
                    case JsonTokenType.StartObject:
                        if (!reader.TrySkip()) return false;
                        content = data[valueStart..(int)reader.BytesConsumed].ToArray();
                        break;
                    case JsonTokenType.Null:
                        break;
                    default:
                        if (!reader.TrySkip()) return false;
                        fault = $".annotationData.content is a JSON {Kind(token)}, expected a string";
                        break;
                }
            }
            else if (reader.ValueTextEquals("s3Uri"u8))
            {
                if (!reader.Read()) return false;
                uri = reader.TokenType == JsonTokenType.String ? StringOrNull(ref reader) : null;
                if (!reader.TrySkip()) return false;
            }
            else if (!reader.TrySkip())
            {
                return false;
            }
        }
    }
}
