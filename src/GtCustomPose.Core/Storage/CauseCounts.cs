using System.Collections.Concurrent;
using System.Globalization;

namespace GtCustomPose.Core.Storage;

/// <summary>Events counted by cause (an S3 error code such as <c>SlowDown</c>, a failure's kind).
/// Thread-safe.</summary>
public sealed class CauseCounts
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Counts one event of <paramref name="cause"/>.</summary>
    public void Add(string cause) => _counts.AddOrUpdate(cause, 1, (_, n) => n + 1);

    /// <summary>Events, all causes.</summary>
    public int Total => _counts.Values.Sum();

    /// <summary>Events by cause, in cause order.</summary>
    public IReadOnlyDictionary<string, int> ByCause =>
        new SortedDictionary<string, int>(
            _counts.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>The total and the causes, e.g. <c>12 (SlowDown 10, connection 2)</c>.</summary>
    public override string ToString()
    {
        var causes = ByCause;
        return causes.Count == 0
            ? "0"
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{Total} ({string.Join(", ", causes.Select(p => $"{p.Key} {p.Value}"))})");
    }
}
