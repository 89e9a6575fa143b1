using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Jobs;

/// <summary>
/// What a re-consolidation did with the job's stored answers: response files listed and read by the labels pass,
/// those lost by cause, and the S3 requests its store retried. Saved beside the output manifest in
/// <see cref="ReconsolidationSummary"/>, where the job report finds it.
/// </summary>
/// <param name="Listed">Response files the labels pass listed (Ground Truth writes one answer a file).</param>
/// <param name="Read">Of those, files read and used: <paramref name="Listed"/> less the lost.</param>
/// <param name="Lost">Files that could not be had for good, by cause (the S3 error code, <c>not a response</c>,
/// <c>too large</c>); each object left with fewer answers carries <c>unreadable_answer</c>. Empty: none lost.</param>
/// <param name="Retried">S3 requests repeated after a transient failure during this run, by cause; null for a store
/// that does not retry (a local folder).</param>
/// <param name="GivenUp">S3 requests given up during this run (the run then failed), by cause; null as
/// <paramref name="Retried"/>.</param>
public sealed record AnswerCounts(
    long Listed,
    long Read,
    IReadOnlyDictionary<string, int> Lost,
    IReadOnlyDictionary<string, int>? Retried = null,
    IReadOnlyDictionary<string, int>? GivenUp = null)
{
    /// <summary>Nothing listed, read, lost or retried.</summary>
    public static AnswerCounts None { get; } = new(0, 0, new Dictionary<string, int>());

    /// <summary>The counts of a run, its retries those since <paramref name="retriesBefore"/> (a store's counts are
    /// kept since start-up, and a Lambda environment serves many invocations).</summary>
    /// <param name="listed">Response files listed.</param>
    /// <param name="lost">Files lost, by cause.</param>
    /// <param name="retries">The store's counts now; null for a store that does not retry.</param>
    /// <param name="retriesBefore">Its counts when the run started.</param>
    public static AnswerCounts Of(
        long listed, IReadOnlyDictionary<string, int> lost, RetryCounts? retries, RetrySnapshot? retriesBefore)
    {
        ArgumentNullException.ThrowIfNull(lost);
        var now = retries is null ? null : RetrySnapshot.Of(retries);
        return new AnswerCounts(
            listed, listed - lost.Values.Sum(), lost,
            now is null ? null : Minus(now.Retried, retriesBefore?.Retried),
            now is null ? null : Minus(now.GivenUp, retriesBefore?.GivenUp));
    }

    /// <summary>Both runs' counts, added cause by cause (shards of one job).</summary>
    public AnswerCounts Plus(AnswerCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new AnswerCounts(
            Listed + other.Listed, Read + other.Read, Add(Lost, other.Lost)!, Add(Retried, other.Retried),
            Add(GivenUp, other.GivenUp));
    }

    /// <summary>These counts with <paramref name="other"/>'s S3 retries added (another step over the same answers,
    /// whose files are counted here already).</summary>
    public AnswerCounts PlusRetries(AnswerCounts? other) =>
        other is null ? this
            : this with { Retried = Add(Retried, other.Retried), GivenUp = Add(GivenUp, other.GivenUp) };

    private static SortedDictionary<string, int>? Add(
        IReadOnlyDictionary<string, int>? a, IReadOnlyDictionary<string, int>? b)
    {
        if (a is null && b is null) return null;
        var sum = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (cause, n) in (a ?? Empty).Concat(b ?? Empty)) sum[cause] = sum.GetValueOrDefault(cause) + n;
        return sum;
    }

    private static SortedDictionary<string, int> Minus(
        IReadOnlyDictionary<string, int> now, IReadOnlyDictionary<string, int>? before)
    {
        var delta = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (cause, n) in now)
            if (n - (before?.GetValueOrDefault(cause) ?? 0) is > 0 and var d) delta[cause] = d;
        return delta;
    }

    private static readonly Dictionary<string, int> Empty = [];
}

/// <summary>A store's retry counts at one moment, by cause.</summary>
public sealed record RetrySnapshot(IReadOnlyDictionary<string, int> Retried, IReadOnlyDictionary<string, int> GivenUp)
{
    /// <summary>The counts of <paramref name="retries"/> now.</summary>
    public static RetrySnapshot Of(RetryCounts retries)
    {
        ArgumentNullException.ThrowIfNull(retries);
        return new RetrySnapshot(retries.Retried.ByCause, retries.GivenUp.ByCause);
    }
}

/// <summary>
/// A re-consolidation's counts, written as JSON beside its output manifest (<see cref="PathOf"/>) by
/// <c>gtpose workflow reconsolidate</c> and the workflow's <c>job</c> and <c>assemble</c> steps, before the manifest;
/// <c>gtpose report</c> shows its answer counts.
/// </summary>
/// <param name="Objects">Lines written (JSON objects), labeled or not.</param>
/// <param name="Labeled">Lines written with a label.</param>
/// <param name="Flagged">Labels that need review.</param>
/// <param name="NoLabel">Lines written without a label.</param>
/// <param name="Answers">What was done with the stored answers.</param>
public sealed record ReconsolidationSummary(int Objects, int Labeled, int Flagged, int NoLabel, AnswerCounts Answers)
{
    /// <summary>Where the summary of the output manifest <paramref name="manifest"/> (a path or URI) is:
    /// <c>&lt;manifest&gt;.summary.json</c>.</summary>
    public static string PathOf(string manifest) => manifest + ".summary.json";
}
