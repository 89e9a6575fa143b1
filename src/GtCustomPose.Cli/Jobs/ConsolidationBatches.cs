namespace GtCustomPose.Cli.Jobs;

/// <summary>
/// How Ground Truth cuts a job's objects into consolidation requests: a first request of 10 objects, then requests
/// of up to MaxConcurrentTaskCount objects (default and maximum 1,000; 5,000 on request).
/// </summary>
internal static class ConsolidationBatches
{
    public const int First = 10, DefaultSize = 1000, Largest = 5000;

    /// <summary>The items in request order: the first 10, then <paramref name="size"/> at a time.</summary>
    public static IEnumerable<IReadOnlyList<T>> Cut<T>(IReadOnlyList<T> items, int size = DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var start = 0;
        var next = First;
        while (start < items.Count)
        {
            var count = Math.Min(next, items.Count - start);
            yield return items.Skip(start).Take(count).ToList();
            start += count;
            next = size;
        }
    }
}
