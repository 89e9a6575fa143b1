using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Jobs;

/// <summary>One worker-response file as a pass read it.</summary>
/// <param name="Uri">The file, <c>s3://bucket/key</c>.</param>
/// <param name="Bytes">Bytes read; 0 when it could not be read.</param>
/// <param name="Content">
/// <c>sha256:</c> and the SHA-256 of its bytes (lower-case hex); or <c>unreadable: </c> and the store's error code
/// (<c>NoSuchKey</c>, <c>AccessDenied</c>); or <c>too large</c>.
/// </param>
public sealed record ResponseFileRead(
    [property: JsonPropertyName("uri")] string Uri,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("content")] string Content);

/// <summary><see cref="ShardReads"/> as saved in the work folder (<c>reads/shard-00007.json</c>).</summary>
/// <param name="Shard">The shard's number.</param>
/// <param name="Files">Response files read, all objects.</param>
/// <param name="Fingerprint">SHA-256 over every file's line <c>uri \t bytes \t content \n</c>, in URI order.</param>
/// <param name="Objects">Each object id with files, and its files in URI order.</param>
/// <param name="StatisticsStep">The statistics step's own counts (its S3 retries), for the labels step to carry into
/// the job's summary.</param>
public sealed record ShardReadsDocument(
    [property: JsonPropertyName("shard")] int Shard,
    [property: JsonPropertyName("files")] int Files,
    [property: JsonPropertyName("fingerprint")] string Fingerprint,
    [property: JsonPropertyName("objects")] Dictionary<string, List<ResponseFileRead>> Objects,
    [property: JsonPropertyName("statisticsStep")] AnswerCounts? StatisticsStep = null);

/// <summary>
/// The response files one shard's statistics pass read, for its labels pass to match when the two run in different
/// invocations (the Distributed Map's statistics and labels steps). The job's statistics were made from exactly these
/// files; a label made from others (a file deleted, added, replaced, or readable in one pass and not the other) would
/// not follow them, so <see cref="Check"/> throws naming the shard, the object and the first differing file.
/// Thread-safe. Memory: one entry per file of the shard.
/// </summary>
public sealed class ShardReads(int shard)
{
    private readonly ConcurrentDictionary<string, ResponseFileRead[]> _objects = new(StringComparer.Ordinal);

    /// <summary>The shard's number.</summary>
    public int Shard { get; } = shard;

    /// <summary>Response files recorded, all objects.</summary>
    public int Files => _objects.Values.Sum(f => f.Length);

    /// <summary>Records what the statistics pass read of one object.</summary>
    public void Record(ObjectResponses responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        if (responses.Reads.Count > 0) _objects[responses.DatasetObjectId] = Sorted(responses.Reads);
    }

    /// <summary>SHA-256 over every file's line <c>uri \t bytes \t content \n</c> in URI order, lower-case hex: equal
    /// for two passes that read the same files with the same bytes.</summary>
    public string Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in _objects.Values.SelectMany(f => f).OrderBy(f => f.Uri, StringComparer.Ordinal))
            hash.AppendData(Encoding.UTF8.GetBytes(Line(f) + "\n"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Checks the labels pass's read of one object against the statistics pass's.</summary>
    /// <exception cref="JobStepException">The object's files differ; the message names the first one that
    /// does.</exception>
    public void Check(ObjectResponses responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        var before = _objects.GetValueOrDefault(responses.DatasetObjectId) ?? [];
        var now = Sorted(responses.Reads);
        for (var i = 0; i < Math.Max(before.Length, now.Length); i++)
        {
            var was = i < before.Length ? before[i] : null;
            var @is = i < now.Length ? now[i] : null;
            if (was is not null && @is is not null && was == @is) continue;
            var order = was is null ? 1 : @is is null ? -1 : string.CompareOrdinal(was.Uri, @is.Uri);
            var what = order < 0 ? $"{was!.Uri}: read in the statistics pass ({Describe(was)}), not listed now"
                : order > 0 ? $"{@is!.Uri}: listed now ({Describe(@is)}), not in the statistics pass"
                : $"{was!.Uri}: {Describe(was)} in the statistics pass, {Describe(@is!)} now";
            throw new JobStepException(
                $"labels shard {Shard}: object {responses.DatasetObjectId}: {what}; the job's responses changed " +
                "after the statistics step, so its labels would not follow the job's statistics: run the " +
                "re-consolidation again");
        }
    }

    /// <summary>As a document.</summary>
    public ShardReadsDocument ToDocument() =>
        new(
            Shard, Files, Fingerprint(),
            _objects.OrderBy(p => p.Key, StringComparer.Ordinal)
                .ToDictionary(p => p.Key, p => p.Value.ToList(), StringComparer.Ordinal));

    /// <summary>Back from a document, whose fingerprint must match its files.</summary>
    /// <exception cref="FormatException">The document does not hold what its count and fingerprint say.</exception>
    public static ShardReads From(ShardReadsDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var reads = new ShardReads(document.Shard);
        if (document.Objects is { } objects)
            foreach (var (id, files) in objects) reads._objects[id] = Sorted(files ?? []);
        if (reads.Files != document.Files || reads.Fingerprint() != document.Fingerprint)
            throw new FormatException(
                $"'files' and 'fingerprint' say {document.Files} files ({document.Fingerprint}), the document holds " +
                $"{reads.Files} ({reads.Fingerprint()})");
        return reads;
    }

    private static ResponseFileRead[] Sorted(IEnumerable<ResponseFileRead> files) =>
        files.OrderBy(f => f.Uri, StringComparer.Ordinal).ToArray();

    /// <summary>A file's line in a fingerprint: <c>uri \t bytes \t content</c>.</summary>
    internal static string Line(ResponseFileRead f) =>
        string.Create(CultureInfo.InvariantCulture, $"{f.Uri}\t{f.Bytes}\t{f.Content}");

    private static string Describe(ResponseFileRead f) =>
        f.Content.StartsWith("sha256:", StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"{f.Bytes} bytes, {f.Content[..19]}…")
            : f.Content;
}
