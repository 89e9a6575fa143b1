using System.Text.Json;

namespace GtCustomPose.Cli.Jobs;

/// <summary>
/// Recorded worker answers, JSON Lines: <c>{"source-ref": "s3://…" | "line": N, "workerId": "…", "answer": {…} |
/// "content": "…"}</c>. Every line is checked against the manifest before the job starts, so a wrong line stops it
/// with the file, the line and the fix instead of turning into a failed object later.
/// </summary>
internal static class RecordedAnswers
{
    /// <summary>The answers by object (manifest line index), in file order.</summary>
    public static async Task<Dictionary<int, List<(string Worker, string Content)>>> ReadAsync(
        string file, JobManifest manifest, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
            throw new UserError($"{file}: no such answers file; give --answers FILE (JSON Lines) or --simulate-workers N");
        var name = Path.GetFileName(file);
        var result = new Dictionary<int, List<(string, string)>>();
        var number = 0;
        foreach (var text in await File.ReadAllLinesAsync(file, cancellationToken).ConfigureAwait(false))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var (index, worker, content) = Read(text, $"{name} line {number}", number, manifest);
            if (!result.TryGetValue(index, out var list)) result[index] = list = [];
            list.Add((worker, content));
        }
        if (result.Count == 0)
            throw new UserError($"{file}: no answers in the file; write one answer a line " +
                "({\"source-ref\": …, \"workerId\": …, \"answer\": {…}}) or use --simulate-workers N");
        return result;
    }

    private static (int Index, string Worker, string Content) Read(string text, string where, int number, JobManifest manifest)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text); }
        catch (JsonException e) { throw new UserError($"{where}: not JSON ({e.Message}); {Shape}"); }
        using (doc)
        {
            var r = doc.RootElement;
            if (r.ValueKind != JsonValueKind.Object) throw new UserError($"{where}: not a JSON object; {Shape}");
            var index = Index(r, where, manifest);
            var worker = r.TryGetProperty("workerId", out var w) && w.ValueKind == JsonValueKind.String && w.GetString() is { Length: > 0 } id
                ? id : $"worker-{number}";
            var content = r.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()!
                : r.TryGetProperty("answer", out var a) && a.ValueKind == JsonValueKind.Object ? a.GetRawText()
                : throw new UserError($"{where}: no answer; give \"answer\" (the task form's answer object) " +
                    "or \"content\" (that object as a JSON string)");
            return (index, worker, content);
        }
    }

    private static int Index(JsonElement r, string where, JobManifest manifest)
    {
        if (r.TryGetProperty("line", out var l))
        {
            if (!l.TryGetInt32(out var n) || n < 1 || n > manifest.Lines.Count)
                throw new UserError($"{where}: \"line\" is {l.GetRawText()}, but {manifest.Name} has lines 1 to " +
                    $"{manifest.Lines.Count}; give the 1-based number of a manifest line");
            if (string.IsNullOrWhiteSpace(manifest.Lines[n - 1]))
                throw new UserError($"{where}: \"line\" {n} of {manifest.Name} is blank; give the number of a line with an object");
            return n - 1;
        }
        if (r.TryGetProperty("source-ref", out var s) && s.ValueKind == JsonValueKind.String)
        {
            return manifest.IndexBySourceRef.TryGetValue(s.GetString()!, out var i) ? i
                : throw new UserError($"{where}: source-ref {s.GetString()} is not in {manifest.Name}; answer an " +
                    "image of that manifest, or give \"line\": N (the 1-based manifest line) instead");
        }
        throw new UserError($"{where}: says neither which image nor which line it answers; " +
            "give \"source-ref\" (an s3:// URI of the manifest) or \"line\" (1-based)");
    }

    private const string Shape = "each line is {\"source-ref\": \"s3://…\" or \"line\": N, \"workerId\": \"…\", \"answer\": {…}}";
}
