using System.Globalization;
using System.Runtime.InteropServices;

namespace GtCustomPose.PostAnnotation;

/// <summary>
/// Lets the first batch's fresh heap come in 2 MiB pages where the kernel offers transparent huge pages. The GC
/// reserves its heap as one inaccessible range (marked not to be dumped) and commits it a few pages at a time as it
/// allocates, each commit a mapping of its own to the kernel; so every 4 KiB page the first batch fills costs a page
/// fault, and no 2 MiB range is ever one mapping that a huge page could back. Opening the part of the reservation the
/// batch will fill next for reading and writing up front, as the GC's commits will leave it (dumped, readable and
/// writable), and marked for huge pages, changes only which pages back the memory: what the GC counts as committed
/// stays its own, it touches nothing beyond that, and untouched pages take no memory.
/// </summary>
internal static partial class HugePageHeap
{
    /// <summary>What is opened beyond the youngest generation's allocation at start-up: the largest batch allocates
    /// about 86 MB between its start and its response.</summary>
    public const long DefaultBytes = 160L << 20;

    private const long HugePage = 2L << 20;
    private const int ProtRead = 1, ProtWrite = 2, MadvHugePage = 14, MadvDoDump = 17;

    /// <summary>Opens <paramref name="bytes"/> of the GC's reservation after the youngest generation's current
    /// allocation for huge pages; what it did, or why not, as one line for the log.</summary>
    public static string Prepare(long bytes = DefaultBytes)
    {
        if (!OperatingSystem.IsLinux()) return "not Linux: left as the GC maps it";
        // Only speed is at stake: nothing here may stop the function from starting.
        try { return Open(bytes); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException
                                      or EntryPointNotFoundException)
        {
            return $"left as the GC maps it ({e.GetType().Name}: {e.Message})";
        }
    }

    private static string Open(long bytes)
    {
        var mode = ReadSetting("/sys/kernel/mm/transparent_hugepage/enabled");
        if (mode is null || !(mode.Contains("[always]", StringComparison.Ordinal)
                || mode.Contains("[madvise]", StringComparison.Ordinal)))
            return $"transparent huge pages are off ({mode ?? "no setting"}): left as the GC maps it";
        var handle = GCHandle.Alloc(new byte[64], GCHandleType.Pinned);
        long at;
        try { at = handle.AddrOfPinnedObject(); }
        finally { handle.Free(); }
        if (Span(File.ReadLines("/proc/self/maps"), at, bytes) is not { } span)
            return "no inaccessible reservation after the youngest generation: left as the GC maps it";
        var (from, length) = ((nint)span.From, (nuint)span.Length);
        if (Mprotect(from, length, ProtRead | ProtWrite) != 0
            || Madvise(from, length, MadvDoDump) != 0
            || Madvise(from, length, MadvHugePage) != 0)
            return $"mapping the heap for huge pages failed (errno {Marshal.GetLastPInvokeError()})";
        return string.Create(CultureInfo.InvariantCulture,
            $"{span.Length >> 20} MiB open for huge pages (transparent huge pages {mode})");
    }

    /// <summary>
    /// The range to open, from <paramref name="maps"/> (lines of <c>/proc/self/maps</c>): from the 2 MiB boundary at
    /// or below <paramref name="at"/> (but not below its mapping) to <paramref name="bytes"/> past it, rounded up to
    /// 2 MiB; null unless <paramref name="at"/> is in a private anonymous read-write mapping followed, without a gap,
    /// by private anonymous mappings, inaccessible or read-write from a 2 MiB boundary, up to an inaccessible one that
    /// reaches beyond the range: the rest of the GC's reservation, not a guard page or a thread's stack after it.
    /// </summary>
    internal static (long From, long Length)? Span(IEnumerable<string> maps, long at, long bytes)
    {
        var to = (at + bytes + HugePage - 1) & ~(HugePage - 1);
        long start = -1, end = -1;
        foreach (var line in maps)
        {
            var (low, high, perms) = Parse(line);
            if (start < 0)
            {
                if (low > at || at >= high) continue;
                if (perms != "rw-p") return null;
                (start, end) = (low, high);
                if (end > to) return From(start);
                continue;
            }
            // Inside the reservation the GC commits each region from its start, at a multiple of its size (4 MiB);
            // a thread's stack may follow the reservation without a gap, but starts a page past its guard page.
            if (low != end || !(perms == "---p" || (perms == "rw-p" && (low & (HugePage - 1)) == 0))) return null;
            end = high;
            if (end > to) return perms == "---p" ? From(start) : null;
        }
        return null;

        (long, long) From(long mapping)
        {
            var from = Math.Max(mapping, at & ~(HugePage - 1));
            return (from, to - from);
        }
    }

    /// <summary>A mapping's range and permissions; "named" for a file-backed or special mapping, "" for a line that
    /// does not parse.</summary>
    private static (long Low, long High, string Perms) Parse(string line)
    {
        // start-end perms offset dev inode [path]
        var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length < 5) return (0, 0, "");
        var range = parts[0].Split('-');
        if (range.Length != 2
            || !long.TryParse(range[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var low)
            || !long.TryParse(range[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var high))
            return (0, 0, "");
        return parts.Length == 6 || parts[4] != "0" ? (low, high, "named") : (low, high, parts[1]);
    }

    private static string? ReadSetting(string path)
    {
        try { return File.ReadAllText(path).Trim(); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    [LibraryImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static partial int Mprotect(nint address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);
}
