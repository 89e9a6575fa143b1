namespace GtCustomPose.Core.Storage;

/// <summary>An object could not be read or written; the message names the URI and the cause.</summary>
/// <param name="uri">The object (or listed prefix).</param>
/// <param name="reason">The cause, e.g. <c>NoSuchKey (HTTP 404): ...</c>.</param>
/// <param name="inner">The failure underneath.</param>
/// <param name="transient">
/// True when the failure may pass (throttling, a 5xx answer, a dropped connection, a cut or stalled body) and the
/// store gave up only because its retry budget ran out: the caller must fail loudly, never treat the object as
/// missing or unreadable. False for a failure that retrying cannot change (missing, access denied).
/// </param>
public sealed class ObjectStoreException(
    string uri, string reason, Exception? inner = null, bool transient = false) : Exception($"{uri}: {reason}", inner)
{
    /// <summary>The failure may pass; the store's retries ran out before it did.</summary>
    public bool Transient { get; } = transient;

    /// <summary>The object's URI.</summary>
    public string Uri { get; } = uri;
    /// <summary>The cause, e.g. <c>NoSuchKey</c>.</summary>
    public string Reason { get; } = reason;
}
