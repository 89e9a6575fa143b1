namespace GtCustomPose.Core.Exports;

/// <summary>
/// Reads a JSON Lines manifest from a stream as UTF-8 byte lines, one buffer reused for every line, so memory stays
/// flat in the manifest's size (the buffer grows only to the longest line). Line numbers are 1-based and count blank
/// lines, so they match what an editor shows.
/// </summary>
internal sealed class ManifestStream
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[1 << 20];
    private int _start, _end;
    private bool _eof;

    /// <summary>Reads from <paramref name="stream"/>; the caller disposes it.</summary>
    public ManifestStream(Stream stream) => _stream = stream;

    /// <summary>Bytes consumed so far, line ends included.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>
    /// The next line without its line end (LF or CRLF), valid until the next call; false at the end of the stream.
    /// </summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0 || (_eof && _end > _start))
            {
                var stop = newline >= 0 ? newline : _end;
                var length = stop - _start;
                if (length > 0 && _buffer[stop - 1] == '\r') length--;
                line = new ReadOnlyMemory<byte>(_buffer, _start, length);
                BytesRead += stop - _start + (newline >= 0 ? 1 : 0);
                _start = newline >= 0 ? newline + 1 : _end;
                LineNumber++;
                return true;
            }
            if (_eof) { line = default; return false; }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _eof = true;
        _end += read;
    }
}
