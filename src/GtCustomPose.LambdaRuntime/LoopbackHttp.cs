using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GtCustomPose.LambdaRuntime;

/// <summary>
/// The few HTTP/1.1 exchanges the Runtime API needs, over one kept-alive socket. HttpClient costs about 90 ms of
/// start-up on these machines, most of a cold start; this costs a socket. Failures to connect, send or read surface
/// as <see cref="HttpRequestException"/> without a status code, and the next request reconnects.
/// </summary>
internal sealed class LoopbackHttp(string hostAndPort) : IDisposable
{
    private readonly (string Host, int Port) _endpoint = Split(hostAndPort);
    private Socket? _socket;
    private NetworkStream? _stream;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start, _end;

    public sealed record Response(int Status, Dictionary<string, string> Headers, byte[] Body);

    public async Task<Response> SendAsync(string method, string path, ReadOnlyMemory<byte> body, IEnumerable<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            var head = new StringBuilder()
                .Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\nHost: ").Append(_endpoint.Host).Append(':').Append(_endpoint.Port.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            if (method != "GET") head.Append("Content-Type: application/json\r\nContent-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            foreach (var (k, v) in headers ?? []) head.Append(k).Append(": ").Append(v).Append("\r\n");
            head.Append("\r\n");
            // One write for head and body: two small writes meet the peer's delayed ACK and stall 40 ms.
            var headBytes = Encoding.ASCII.GetBytes(head.ToString());
            var request = new byte[headBytes.Length + body.Length];
            headBytes.CopyTo(request, 0);
            body.Span.CopyTo(request.AsSpan(headBytes.Length));
            await stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            return await ReadResponseAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or FormatException)
        {
            Close();
            throw new HttpRequestException($"Runtime API {_endpoint.Host}:{_endpoint.Port}: {e.Message}", e);
        }
    }

    private async Task<NetworkStream> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_stream is not null) return _stream;
        var addresses = IPAddress.TryParse(_endpoint.Host, out var ip) ? [ip] : await Dns.GetHostAddressesAsync(_endpoint.Host, cancellationToken).ConfigureAwait(false);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, _endpoint.Port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _start = _end = 0;
        return _stream;
    }

    private async Task<Response> ReadResponseAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var statusLine = await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
        var parts = statusLine.Split(' ', 3);
        if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var status)) throw new FormatException($"bad status line '{statusLine}'");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var line = await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false); line.Length > 0; line = await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        byte[] body;
        if (headers.TryGetValue("Content-Length", out var length))
        {
            body = await ReadExactlyAsync(stream, int.Parse(length, CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            using var all = new MemoryStream();
            while (true)
            {
                var size = int.Parse(((ReadOnlySpan<char>)await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false)).Trim().ToString().Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0) { await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false); break; }
                all.Write(await ReadExactlyAsync(stream, size, cancellationToken).ConfigureAwait(false));
                await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            body = all.ToArray();
        }
        else
        {
            body = [];
        }
        if (headers.TryGetValue("Connection", out var connection) && connection.Equals("close", StringComparison.OrdinalIgnoreCase)) Close();
        return new Response(status, headers, body);
    }

    private async Task<string> ReadLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                _start = newline + 1;
                return line;
            }
            await FillAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<byte[]> ReadExactlyAsync(NetworkStream stream, int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var have = Math.Min(count, _end - _start);
        Array.Copy(_buffer, _start, result, 0, have);
        _start += have;
        if (have < count) await stream.ReadExactlyAsync(result.AsMemory(have), cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task FillAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) throw new FormatException("HTTP header line too long");
        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0) throw new IOException("the Runtime API closed the connection");
        _end += read;
    }

    /// <summary>Drops the connection; the next request opens a new one.</summary>
    public void Close()
    {
        _stream?.Dispose();
        _stream = null;
        _socket = null;
    }

    private static (string, int) Split(string hostAndPort)
    {
        var colon = hostAndPort.LastIndexOf(':');
        return colon > 0 && int.TryParse(hostAndPort[(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port)
            ? (hostAndPort[..colon], port)
            : (hostAndPort, 80);
    }

    public void Dispose() => Close();
}
