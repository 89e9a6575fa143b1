using Amazon.S3.Model;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Storage;

/// <summary>
/// An object's body that survives a cut or a stall: the SDK retries nothing once the response headers are in, so a
/// body that breaks off (or delivers no byte for <see cref="S3RetryPolicy.StallTimeout"/>) is resumed with a range GET
/// from the first byte not yet read, of the same version (<c>If-Match</c> its ETag), under the store's retry budget
/// counted from the last byte delivered. Disposing it disposes the response.
/// </summary>
internal sealed class ResumingReadStream(S3ObjectStore store, S3Uri uri, GetObjectResponse response) : Stream
{
    private readonly string? _etag = string.IsNullOrEmpty(response.ETag) ? null : response.ETag;
    private long? _length = response.ContentLength >= 0 ? response.ContentLength : null;
    private GetObjectResponse _response = response;
    private long _position;
    private int _failures;
    private long? _failingSince;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _length ?? throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            Exception error;
            string cause;
            using (var stall = new CancellationTokenSource(store.Retry.StallTimeout, store.Retry.Time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token))
            {
                try
                {
                    var read = await _response.ResponseStream.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
                    if (read == 0 && _length is { } length && _position < length)
                        throw new IOException($"the body ended at byte {_position} of {length}");
                    if (read > 0) (_position, _failures, _failingSince) = (_position + read, 0, null);
                    return read;
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    (error, cause) = (e, "body stalled");
                }
                catch (Exception e) when (
                    !cancellationToken.IsCancellationRequested && S3Failure.Of(e) is { Transient: true })
                {
                    (error, cause) = (e, "body cut");
                }
            }
            _failingSince ??= store.Retry.Time.GetTimestamp();
            await store.WaitOrGiveUpAsync(
                uri.ToString(), "", error, new S3Failure(true, cause), _failures++, _failingSince.Value,
                cancellationToken).ConfigureAwait(false);
            _response.Dispose();
            _response = await store.RetryAsync(
                uri.ToString(), "", ct => store.GetAsync(uri, _position, _etag, ct), cancellationToken, _failures,
                _failingSince).ConfigureAwait(false);
            // The rest, as this answer counts it.
            if (_response.ContentLength >= 0) _length = _position + _response.ContentLength;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Readers here are asynchronous; a synchronous one still gets the resuming read.
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _response.Dispose();
        base.Dispose(disposing);
    }
}
