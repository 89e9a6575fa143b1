using System.Collections.Concurrent;
using System.Globalization;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Jobs;

/// <summary>
/// What the statistics pass read, for the labels pass to match: how many response files each object has, and which
/// files could not be read. The job's statistics were made from exactly those answers; labels made from others (a
/// file readable in one pass and not in the other, a file added or gone) would not follow them, so a difference
/// throws. Memory: two bytes per object with a numeric id (every manifest line's), plus the unreadable files.
/// </summary>
internal sealed class PassLedger
{
    private readonly Lock _lock = new();
    private readonly List<ushort> _files = [];
    private readonly Dictionary<string, int> _otherIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _unreadable = new(StringComparer.Ordinal);

    public void Record(string id, FileOutcome[] files)
    {
        foreach (var f in files)
            if (f.StoreFailure is { } reason) _unreadable[f.Uri.ToString()] = reason;
        lock (_lock)
        {
            if (int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                while (_files.Count <= n) _files.Add(0);
                _files[n] = (ushort)Math.Min(files.Length, ushort.MaxValue);
            }
            else
            {
                _otherIds[id] = files.Length;
            }
        }
    }

    /// <exception cref="ObjectStoreException">The object's files or their outcomes differ from the recorded
    /// pass.</exception>
    public void Check(string id, string prefix, FileOutcome[] files)
    {
        int before;
        lock (_lock)
            before = int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n < _files.Count ? _files[n] : 0
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
    }
}
