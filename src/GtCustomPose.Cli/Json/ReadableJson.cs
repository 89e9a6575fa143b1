using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace GtCustomPose.Cli.Json;

/// <summary>
/// JSON that people read (failures.jsonl, error responses, payloads a user opens): quotes stay quotes and
/// <c>&lt;</c> stays <c>&lt;</c>, where the default encoder writes <c>\u0027</c> and <c>\u003C</c>. Still valid JSON.
/// </summary>
internal static class ReadableJson
{
    public static JsonSerializerOptions Options { get; } =
        new(CliJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonTypeInfo<string> StringInfo = (JsonTypeInfo<string>)Options.GetTypeInfo(typeof(string));

    /// <summary>A JSON string literal of <paramref name="text"/>.</summary>
    public static string Quote(string text) => JsonSerializer.Serialize(text, StringInfo);

    /// <summary>A writer that keeps quotes readable.</summary>
    public static Utf8JsonWriter Writer(Stream stream) =>
        new(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
