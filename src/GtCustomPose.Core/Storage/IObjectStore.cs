namespace GtCustomPose.Core.Storage;

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
