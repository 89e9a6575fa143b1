using System.Text.Json;

namespace GtCustomPose.Cli.Jobs;

/// <summary>
/// A job's input manifest. Each line's 0-based position is its object's <c>datasetObjectId</c>, as in a real job's
/// output folders; blank lines keep their number and hold no object.
/// </summary>
internal sealed class JobManifest
{
    private JobManifest(string path, IReadOnlyList<string> lines)
    {
        Path = path;
        Lines = lines;
        for (var i = 0; i < lines.Count; i++)
        {
            if (SourceRef(i) is { } uri) IndexBySourceRef.TryAdd(uri, i);
        }
    }

    public string Path { get; }

    /// <summary>Every line of the file, blank ones included.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The first line of each <c>source-ref</c>.</summary>
    public Dictionary<string, int> IndexBySourceRef { get; } = new(StringComparer.Ordinal);

    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>Reads the file; a missing or empty manifest is an error before any work starts.</summary>
    public static async Task<JobManifest> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            throw new UserError($"{path}: no such manifest; give --manifest FILE (JSON Lines, one data object a line) or --sample");
        var lines = await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false);
        if (lines.All(string.IsNullOrWhiteSpace))
            throw new UserError($"{path}: the manifest has no lines, so there is nothing to label; " +
                "write one JSON object a line ({\"source-ref\": \"s3://bucket/image.jpg\"}) or use gtpose manifest create");
        return new JobManifest(path, lines);
    }

    /// <summary>The line's <c>source-ref</c> when it is a JSON object that has one.</summary>
    public string? SourceRef(int index)
    {
        var text = Lines[index];
        if (!text.Contains("\"source-ref\"", StringComparison.Ordinal)) return null;
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("source-ref", out var s) && s.ValueKind == JsonValueKind.String
                ? s.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
