using System.Text.Json;

namespace GtCustomPose.Cli.Json;

/// <summary>JSON a user gave, read with errors in their words: where, and what is wrong, without the parser's
/// internals.</summary>
internal static class CliJson
{
    /// <summary>Parses <paramref name="text"/>; a user error naming <paramref name="where"/> when it is not
    /// JSON.</summary>
    public static JsonDocument Parse(string text, string where)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new UserError($"{where}: {Describe(e)}");
        }
    }

    /// <summary>
    /// What is wrong, with the position as a person counts it (line 1, character 1) instead of the parser's
    /// <c>Path: $ | LineNumber: 0 | BytePositionInLine: 0.</c>
    /// </summary>
    public static string Describe(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        message = message.TrimEnd('.', ' ');
        var at = e.LineNumber is { } line && e.BytePositionInLine is { } column
            ? line > 0 ? $" at line {line + 1}, byte {column + 1}" : $" at byte {column + 1}"
            : "";
        return $"not valid JSON{at}: {message}";
    }
}
