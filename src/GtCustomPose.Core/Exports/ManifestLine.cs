using System.Text.Json;

namespace GtCustomPose.Core.Exports;

/// <summary>One line of a JSON Lines manifest: its 1-based number and its object, or why it is not one.</summary>
public sealed record ManifestLine(int Number, JsonElement? Value, string? Problem)
{
    /// <summary>Reads manifest text line by line; blank lines are skipped, a line that is not a JSON object gets a
    /// problem.</summary>
    public static IEnumerable<ManifestLine> Read(TextReader reader)
    {
        var number = 0;
        while (reader.ReadLine() is { } text)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            JsonElement? value = null;
            string? problem = null;
            try
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.ValueKind == JsonValueKind.Object) value = doc.RootElement.Clone();
                else problem = $"line {number}: a JSON {doc.RootElement.ValueKind}, expected an object";
            }
            catch (JsonException e)
            {
                problem = $"line {number}: not valid JSON ({e.Message})";
            }
            yield return new ManifestLine(number, value, problem);
        }
    }
}
