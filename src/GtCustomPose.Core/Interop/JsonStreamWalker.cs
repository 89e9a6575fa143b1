using System.Text.Json;

namespace GtCustomPose.Core.Interop;

/// <summary>
/// Walks one JSON document from a stream with <see cref="Utf8JsonReader"/>, holding one array element at a time:
/// each element of the root array, or of the root object's arrays that <see cref="Wanted"/> names, is handed to
/// <see cref="Element"/> as a <see cref="JsonElement"/>; the root object's other string and number properties go to
/// <see cref="Scalar"/>; everything else is read through and dropped. Memory grows with the largest element, not
/// the file.
/// </summary>
internal sealed class JsonStreamWalker
{
    /// <summary>The root object's array properties whose elements are wanted; the root array's are always.</summary>
    public required Func<string, bool> Wanted { get; init; }

    /// <summary>Receives (the array's property name, or null for the root array; the element).</summary>
    public required Action<string?, JsonElement> Element { get; init; }

    /// <summary>Receives (property name, the value as text) for the root object's strings and numbers.</summary>
    public Action<string, string>? Scalar { get; init; }

    /// <summary>Walks <paramref name="stream"/>; a <see cref="JsonException"/> for invalid or truncated JSON, with
    /// the byte position.</summary>
    public void Walk(Stream stream)
    {
        var buffer = new byte[1 << 16];
        int filled = 0;
        var final = false;
        var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        long offset = 0;
        string? property = null, array = null;
        var rootArray = false;
        while (true)
        {
            if (!final)
            {
                var n = stream.Read(buffer, filled, buffer.Length - filled);
                if (n == 0) final = true;
                filled += n;
            }
            var reader = new Utf8JsonReader(buffer.AsSpan(0, filled), final, state);
            var done = Step(ref reader, ref property, ref array, ref rootArray, out var consumed);
            if (done) return;
            state = reader.CurrentState;
            offset += consumed;
            Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
            if (final) throw new JsonException($"the file ends early, at byte {offset + filled}");
            if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
        }
    }

    // Reads tokens until the buffer runs out (false, the reader left at the last token it could use) or the
    // document ends (true).
    private bool Step(
        ref Utf8JsonReader reader, ref string? property, ref string? array, ref bool rootArray, out int consumed)
    {
        while (true)
        {
            var before = reader;
            if (!reader.Read())
            {
                reader = before;
                consumed = (int)before.BytesConsumed;
                return false;
            }
            var depth = reader.CurrentDepth;
            var token = reader.TokenType;
            if (depth == 0)
            {
                if (token == JsonTokenType.StartArray) rootArray = true;
                else if (token is JsonTokenType.EndObject or JsonTokenType.EndArray) { consumed = 0; return true; }
                else if (token != JsonTokenType.StartObject)
                    throw new JsonException("the file holds a single value, not an object or a list");
                continue;
            }
            var inElementArray = rootArray ? depth == 1 : depth == 2 && array is not null;
            if (inElementArray && token is not (JsonTokenType.EndArray or JsonTokenType.EndObject))
            {
                var start = reader;
                if (!reader.TrySkip())
                {
                    reader = before;
                    consumed = (int)before.BytesConsumed;
                    return false;
                }
                using var doc = JsonDocument.ParseValue(ref start);
                Element(rootArray ? null : array, doc.RootElement);
                continue;
            }
            if (rootArray || depth != 1) continue;
            if (token == JsonTokenType.PropertyName) { property = reader.GetString(); continue; }
            if (token == JsonTokenType.EndArray) { array = null; continue; }
            if (token == JsonTokenType.StartArray && property is not null && Wanted(property))
            {
                array = property;
                continue;
            }
            // An unwanted object or list is read through token by token (its tokens are deeper, so ignored above):
            // skipping it whole would need all of it in the buffer.
            if (token is JsonTokenType.StartArray or JsonTokenType.StartObject) continue;
            if (property is not null && token is JsonTokenType.String or JsonTokenType.Number)
                Scalar?.Invoke(property, token == JsonTokenType.String
                    ? reader.GetString()!
                    : System.Text.Encoding.UTF8.GetString(reader.ValueSpan));
        }
    }
}
