using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace GtCustomPose.Core.Exports;

/// <summary>
/// Writes many small files on one background thread, so that reading and formatting the next object overlaps the
/// file system's cost per file (YOLO's layout is one label file per image: the files, not the bytes, are what cost).
/// Each file is written with as few system calls as .NET allows: create, write at offset 0, close. Files are handed
/// over in batches: one hand-over per file cost more in the threads' waking and spinning than the writing.
/// </summary>
internal sealed class BackgroundFileWriter : IDisposable
{
    /// <summary>Files per hand-over to the writing thread.</summary>
    private const int BatchSize = 64;

    /// <summary>Batches waiting to be written: the bound keeps memory flat when the disk is slower than the
    /// reader.</summary>
    private const int QueueCapacity = 16;

    private readonly BlockingCollection<List<Pending>> _queue = new(QueueCapacity);
    private List<Pending> _batch = new(BatchSize);
    private readonly CancellationTokenSource _failed = new();
    private readonly Thread _thread;
    private volatile IOException? _fault;

    public BackgroundFileWriter()
    {
        _thread = new Thread(Drain) { IsBackground = true, Name = "gtpose file writer" };
        _thread.Start();
    }

    /// <summary>Queues <paramref name="content"/> for <paramref name="path"/>, copied: the caller may reuse
    /// it.</summary>
    /// <exception cref="IOException">An earlier file could not be written; the message names it.</exception>
    public void Write(string path, ReadOnlySpan<byte> content)
    {
        if (_fault is { } fault) throw fault;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(content.Length, 1));
        content.CopyTo(buffer);
        _batch.Add(new Pending(path, buffer, content.Length));
        if (_batch.Count == BatchSize) HandOver();
    }

    private void HandOver()
    {
        var batch = _batch;
        _batch = new List<Pending>(BatchSize);
        try
        {
            _queue.Add(batch, _failed.Token);
        }
        catch (OperationCanceledException)
        {
            foreach (var pending in batch) ArrayPool<byte>.Shared.Return(pending.Buffer);
            throw _fault!;
        }
    }

    /// <summary>Waits until every queued file is written.</summary>
    /// <exception cref="IOException">A file could not be written; the message names it.</exception>
    public void Complete()
    {
        if (!_queue.IsAddingCompleted)
        {
            if (_batch.Count > 0) HandOver();
            _queue.CompleteAdding();
        }
        _thread.Join();
        if (_fault is { } fault) throw fault;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_queue.IsAddingCompleted) _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
        _failed.Dispose();
    }

    private void Drain()
    {
        foreach (var batch in _queue.GetConsumingEnumerable())
        {
            foreach (var pending in batch)
            {
                try
                {
                    if (_fault is null) WriteFile(pending.Path, pending.Buffer.AsSpan(0, pending.Length));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _fault = new IOException($"{pending.Path}: could not be written: {e.Message}", e);
                    _failed.Cancel();
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(pending.Buffer);
                }
            }
        }
    }

    // A new file needs no truncation; an existing one (an export into an earlier export's folder) is replaced.
    private static void WriteFile(string path, ReadOnlySpan<byte> content)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write);
        }
        catch (IOException) when (File.Exists(path))
        {
            handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write);
        }
        using (handle)
        {
            if (content.Length > 0) RandomAccess.Write(handle, content, 0);
        }
    }

    private readonly record struct Pending(string Path, byte[] Buffer, int Length);
}
