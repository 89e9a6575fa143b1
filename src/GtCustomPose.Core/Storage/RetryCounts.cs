namespace GtCustomPose.Core.Storage;

/// <summary>
/// What a store's retries did: requests repeated after a transient failure (throttling, 5xx, a dropped connection, a
/// cut body), and requests given up because the failure outlasted the retry budget, each by cause.
/// </summary>
public sealed class RetryCounts
{
    /// <summary>Requests repeated (or bodies resumed), by the failure before each.</summary>
    public CauseCounts Retried { get; } = new();

    /// <summary>Requests given up, by their last failure.</summary>
    public CauseCounts GivenUp { get; } = new();

    /// <summary>One line for logs and summaries, e.g. <c>12 (SlowDown 10, connection 2) retried, 0 given
    /// up</c>.</summary>
    public string Summary() => $"{Retried} retried, {GivenUp} given up";
}
