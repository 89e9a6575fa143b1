using System.Buffers;
using System.Text.Json;
using GtCustomPose.Core.Answers;

namespace GtCustomPose.Core.Batch;

/// <summary>The payload reader's string values.</summary>
internal static partial class PayloadReader
{
    /// <summary>The string's UTF-8 bytes, unescaped; null when an escape is half a surrogate pair.</summary>
    private static byte[]? Unescape(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return reader.ValueSpan.ToArray();
        var scratch = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            // The reader has validated the string while reading it; only a \u escape needs the framework's decoding.
            var length = JsonText.UnescapeValidated(reader.ValueSpan, scratch);
            if (length < 0) length = reader.CopyString(scratch);
            return scratch.AsSpan(0, length).ToArray();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    // Valid JSON may escape half a surrogate pair (\ud800), which no .NET string holds: that value counts as unusable.
    private static string? StringOrNull(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => nameof(JsonValueKind.Object),
        JsonTokenType.StartArray => nameof(JsonValueKind.Array),
        JsonTokenType.String => nameof(JsonValueKind.String),
        JsonTokenType.Number => nameof(JsonValueKind.Number),
        JsonTokenType.True => nameof(JsonValueKind.True),
        JsonTokenType.False => nameof(JsonValueKind.False),
        JsonTokenType.Null => nameof(JsonValueKind.Null),
        _ => token.ToString(),
    };
}
