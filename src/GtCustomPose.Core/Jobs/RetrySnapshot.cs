using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Jobs;

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
