namespace GtCustomPose.Core.Storage;

/// <summary>An S3 object address, <c>s3://bucket/key</c>.</summary>
public readonly record struct S3Uri(string Bucket, string Key)
{
    /// <summary>Parses <c>s3://bucket/key</c>; any other scheme, an empty bucket or an empty key fails.</summary>
    public static bool TryParse(string? text, out S3Uri uri)
    {
        uri = default;
        if (text is null || !text.StartsWith("s3://", StringComparison.Ordinal)) return false;
        var rest = text.AsSpan(5);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1) return false;
        uri = new S3Uri(rest[..slash].ToString(), rest[(slash + 1)..].ToString());
        return true;
    }

    /// <summary>Parses or throws <see cref="ObjectStoreException"/> naming the text.</summary>
    public static S3Uri Parse(string? text) => TryParse(text, out var uri) ? uri
        : throw new ObjectStoreException(text ?? "(null)", "not an s3://bucket/key URI; only s3:// URIs are read");

    /// <inheritdoc />
    public override string ToString() => $"s3://{Bucket}/{Key}";
}

/// <summary>Where objects are read and written: S3, or a local folder standing in for it.</summary>
public interface IObjectStore
{
    /// <summary>Opens an object for reading; the caller disposes the stream.</summary>
    /// <exception cref="ObjectStoreException">The object is missing, access is denied, or the store failed after its
    /// retries.</exception>
    Task<Stream> OpenReadAsync(S3Uri uri, CancellationToken cancellationToken = default);

    /// <summary>Writes (replaces) an object.</summary>
    Task WriteAsync(
        S3Uri uri, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>
    /// Objects whose key starts with <paramref name="prefix"/>, in key order (UTF-8 byte order, as S3 lists), streamed
    /// page by page: a prefix of 500,000 objects is never held in memory.
    /// </summary>
    /// <exception cref="ObjectStoreException">The listing failed after the store's retries (missing bucket, access
    /// denied).</exception>
    IAsyncEnumerable<S3Uri> ListAsync(string bucket, string prefix, CancellationToken cancellationToken = default);

    /// <summary>What the store's retries did so far; null for a store that does not retry (a local folder).</summary>
    RetryCounts? Retries => null;

    /// <summary>
    /// Writes (replaces) an object from <paramref name="content"/>, read from its position to its end: for outputs too
    /// large to hold as one buffer (a job's re-consolidated manifest). This default buffers the stream and calls
    /// <see cref="WriteAsync(S3Uri, ReadOnlyMemory{byte}, string, CancellationToken)"/>; stores override it to stream.
    /// </summary>
    async Task WriteAsync(S3Uri uri, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        await WriteAsync(
            uri, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), contentType, cancellationToken)
            .ConfigureAwait(false);
    }
}

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
