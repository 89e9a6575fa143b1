using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Jobs;

/// <summary>
/// What the statistics pass read, for the labels pass to match: how many response files each object has, a 64-bit
/// digest of their bytes, and which files could not be read. The job's statistics were made from exactly those
/// answers; labels made from others (a file readable in one pass and not in the other, a file added, gone or
/// replaced) would not follow them, so a difference throws. Memory: ten bytes per object with a numeric id (every
/// manifest line's), plus the unreadable files.
/// </summary>
internal sealed class PassLedger
{
    private readonly Lock _lock = new();
    private readonly List<ushort> _files = [];
    private readonly List<ulong> _digests = [];
    private readonly Dictionary<string, (int Files, ulong Digest)> _otherIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _unreadable = new(StringComparer.Ordinal);

    public void Record(string id, FileOutcome[] files)
    {
        foreach (var f in files)
            if (f.StoreFailure is { } reason) _unreadable[f.Uri.ToString()] = reason;
        lock (_lock)
        {
            if (int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                while (_files.Count <= n) { _files.Add(0); _digests.Add(0); }
                _files[n] = (ushort)Math.Min(files.Length, ushort.MaxValue);
                _digests[n] = Digest(files);
            }
            else
            {
                _otherIds[id] = (files.Length, Digest(files));
            }
        }
    }

    /// <exception cref="ObjectStoreException">The object's files or their outcomes differ from the recorded
    /// pass.</exception>
    public void Check(string id, string prefix, FileOutcome[] files)
    {
        int before;
        ulong digest;
        lock (_lock)
            (before, digest) = int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n < _files.Count ? (_files[n], _digests[n]) : (0, 0UL)
                : _otherIds.GetValueOrDefault(id);
        if (before != Math.Min(files.Length, ushort.MaxValue))
            throw new ObjectStoreException(
                $"s3://{prefix}",
                $"object {id} has {files.Length} response files in the labels pass and had {before} in the " +
                "statistics pass: the job's responses changed while it was re-consolidated; run it again",
                transient: true);
        foreach (var f in files)
        {
            var wasUnreadable = _unreadable.TryGetValue(f.Uri.ToString(), out var earlier);
            if (f.StoreFailure is { } now && !wasUnreadable)
                throw new ObjectStoreException(
                    f.Uri.ToString(),
                    $"readable in the statistics pass, not in the labels pass: {now}", transient: true);
            if (f.StoreFailure is null && wasUnreadable)
                throw new ObjectStoreException(
                    f.Uri.ToString(),
                    $"unreadable in the statistics pass ({earlier}), readable in the labels pass", transient: true);
        }
        if (files.Length > 0 && Digest(files) != digest)
            throw new ObjectStoreException(
                $"s3://{prefix}",
                $"object {id}: the bytes of its {files.Length} response files differ from the statistics pass's (a " +
                "file replaced): the job's responses changed while it was re-consolidated; run it again",
                transient: true);
    }

    // 64 bits of a SHA-256 over the files' reads in URI order: a replaced file changes it.
    private static ulong Digest(FileOutcome[] files)
    {
        if (files.Length == 0) return 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var r in files.Select(f => f.Read).OrderBy(r => r.Uri, StringComparer.Ordinal))
            hash.AppendData(Encoding.UTF8.GetBytes(ShardReads.Line(r) + "\n"));
        Span<byte> sum = stackalloc byte[32];
        hash.GetHashAndReset(sum);
        return BinaryPrimitives.ReadUInt64LittleEndian(sum);
    }
}
