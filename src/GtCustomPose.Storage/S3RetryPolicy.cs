using System.Globalization;

namespace GtCustomPose.Storage;

/// <summary>
/// How <see cref="S3ObjectStore"/> retries what the SDK's own retries leave failing (docs/reliability.md). The SDK
/// (standard mode) tries each request 3 times within about 3 s and stops retrying altogether while its retry quota is
/// drained; it never retries a body cut or stalled after the response headers. This policy repeats the whole request
/// (or resumes the body where it stopped) with exponential backoff and full jitter, as long as the failure is
/// transient and the budget lasts.
/// </summary>
public sealed record S3RetryPolicy
{
    /// <summary>The environment variable that sets <see cref="Budget"/>, in seconds.</summary>
    public const string BudgetVariable = "GTPOSE_S3_RETRY_SECONDS";

    /// <summary>The default <see cref="Budget"/>: 120 s.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(120);

    /// <summary>How long one request may keep failing transiently (from its first failure, or from the last byte a
    /// body delivered) before the store gives up and throws a transient <c>ObjectStoreException</c>. Default
    /// 120 s.</summary>
    public TimeSpan Budget { get; init; } = DefaultBudget;

    /// <summary>When set, no retry is started that would end after it (the invocation's deadline, less the time the
    /// caller needs to report). Default none.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The first backoff's upper bound; each later one doubles it, up to <see cref="MaxDelay"/>. Default
    /// 200 ms.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The largest backoff bound. Default 5 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A body that delivers no byte for this long is abandoned and resumed. Default 20 s.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Retries the SDK makes inside each request (its <c>MaxErrorRetry</c>); the SDK's default (2) when
    /// null.</summary>
    public int? SdkMaxErrorRetry { get; init; }

    /// <summary>Clock of the budget and the backoff.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The policy with <see cref="Budget"/> from <see cref="BudgetVariable"/> when it is set.</summary>
    /// <exception cref="FormatException">The variable is not a positive number of seconds.</exception>
    public static S3RetryPolicy FromEnvironment(Func<string, string?>? read = null)
    {
        var text = (read ?? Environment.GetEnvironmentVariable)(BudgetVariable);
        if (string.IsNullOrWhiteSpace(text)) return new S3RetryPolicy();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds
            ? new S3RetryPolicy { Budget = TimeSpan.FromSeconds(seconds) }
            : throw new FormatException($"{BudgetVariable} is '{text}', expected a positive number of seconds");
    }

    /// <summary>The wait before retry <paramref name="retry"/> (0-based): uniform in [0, min(MaxDelay,
    /// BaseDelay × 2^retry)].</summary>
    public TimeSpan Backoff(int retry)
    {
        var doubled = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30));
        var bound = Math.Min(MaxDelay.TotalMilliseconds, doubled);
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * bound);
    }

    /// <summary>Whether a retry that waits <paramref name="delay"/> may start, <paramref name="failing"/> after the
    /// failures began.</summary>
    internal bool Allows(TimeSpan failing, TimeSpan delay) =>
        failing + delay <= Budget && (Deadline is not { } d || Time.GetUtcNow() + delay < d);
}
