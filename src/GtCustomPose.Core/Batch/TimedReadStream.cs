namespace GtCustomPose.Core.Batch;

/// <summary>
/// A read-only stream that adds up the time its reads take: for the payload, the time the batch waits for the store
/// (network and the SDK's stream), which the batch log separates from parsing.
/// </summary>
internal sealed class TimedReadStream(Stream inner, TimeProvider time) : Stream
{
    /// <summary>Time spent inside reads, in <see cref="TimeProvider.TimestampFrequency"/> ticks.</summary>
    public long ReadTicks { get; private set; }

    /// <summary>The part of <see cref="ReadTicks"/> until the first bytes were read.</summary>
    public long FirstBytesTicks { get; private set; }

    /// <summary>Bytes read.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var began = time.GetTimestamp();
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count(began, read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var began = time.GetTimestamp();
        var read = inner.Read(buffer, offset, count);
        Count(began, read);
        return read;
    }

    private void Count(long began, int read)
    {
        ReadTicks += time.GetTimestamp() - began;
        if (BytesRead == 0) FirstBytesTicks = ReadTicks;
        BytesRead += read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
