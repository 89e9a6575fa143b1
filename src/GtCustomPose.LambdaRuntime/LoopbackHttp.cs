using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GtCustomPose.LambdaRuntime;

/// <summary>
/// The few HTTP/1.1 exchanges the Runtime API needs, over one kept-alive socket with blocking calls. HttpClient and
/// async sockets (the I/O thread, the thread pool, the methods to JIT) cost start-up time (docs/performance.md); the
/// bootstrap handles one invocation at a time, so blocking costs nothing. Failures to connect, send or read surface
/// as <see cref="HttpRequestException"/> without a status code, and the next request reconnects.
/// </summary>
internal sealed class LoopbackHttp(string hostAndPort) : IDisposable
{
    private readonly (string Host, int Port) _endpoint = Split(hostAndPort);
    private readonly Lock _gate = new();
    private Socket? _socket;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start, _end;

    public sealed record Response(int Status, Dictionary<string, string> Headers, byte[] Body);

    /// <summary>Sends one request and reads its response; cancelling closes the socket, ending a read.</summary>
    public Response Send(
        string method,
        string path,
        ArraySegment<byte> body,
        IEnumerable<KeyValuePair<string, string>>? headers,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var stop = cancellationToken.Register(Close);
        try
        {
            var socket = Connect();
            // A cancellation that closed nothing because the socket was still being opened is seen here.
            cancellationToken.ThrowIfCancellationRequested();
            var head = new StringBuilder()
                .Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\nHost: ")
                .Append(_endpoint.Host).Append(':').Append(_endpoint.Port.ToString(CultureInfo.InvariantCulture))
                .Append("\r\n");
            if (method != "GET")
            {
                head.Append("Content-Type: application/json\r\nContent-Length: ")
                    .Append(body.Count.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            }
            foreach (var (k, v) in headers ?? []) head.Append(k).Append(": ").Append(v).Append("\r\n");
            head.Append("\r\n");
            // One send for head and body: two small writes meet the peer's delayed ACK and stall 40 ms. A gather write
            // keeps it one send without copying the body (a batch's response is megabytes).
            var headBytes = Encoding.ASCII.GetBytes(head.ToString());
            var sent = body.Count == 0
                ? socket.Send(headBytes)
                : socket.Send([new ArraySegment<byte>(headBytes), body], SocketFlags.None);
            // A blocking send normally takes everything; whatever it did not take follows.
            while (sent < headBytes.Length)
                sent += socket.Send(headBytes, sent, headBytes.Length - sent, SocketFlags.None);
            for (var b = sent - headBytes.Length; b < body.Count;)
                b += socket.Send(body.Array!, body.Offset + b, body.Count - b, SocketFlags.None);
            return ReadResponse(socket);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or FormatException)
        {
            Close();
            cancellationToken.ThrowIfCancellationRequested();
            throw new HttpRequestException($"Runtime API {_endpoint.Host}:{_endpoint.Port}: {e.Message}", e);
        }
    }

    private Socket Connect()
    {
        lock (_gate)
        {
            if (_socket is not null) return _socket;
        }
        var addresses = IPAddress.TryParse(_endpoint.Host, out var ip) ? [ip] : Dns.GetHostAddresses(_endpoint.Host);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Connect(addresses, _endpoint.Port);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        lock (_gate)
        {
            _socket = socket;
            _start = _end = 0;
        }
        return socket;
    }

    private Response ReadResponse(Socket socket)
    {
        var statusLine = ReadLine(socket);
        var parts = statusLine.Split(' ', 3);
        if (parts.Length < 2
            || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var status))
            throw new FormatException($"bad status line '{statusLine}'");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var line = ReadLine(socket); line.Length > 0; line = ReadLine(socket))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        byte[] body;
        if (headers.TryGetValue("Content-Length", out var length))
        {
            body = ReadExactly(socket, int.Parse(length, CultureInfo.InvariantCulture));
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var encoding)
                 && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            using var all = new MemoryStream();
            while (true)
            {
                var sizeField = ReadLine(socket).Split(';')[0].Trim();
                var size = int.Parse(sizeField, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0) { ReadLine(socket); break; }
                all.Write(ReadExactly(socket, size));
                ReadLine(socket);
            }
            body = all.ToArray();
        }
        else
        {
            body = [];
        }
        if (headers.TryGetValue("Connection", out var connection)
            && connection.Equals("close", StringComparison.OrdinalIgnoreCase))
            Close();
        return new Response(status, headers, body);
    }

    private string ReadLine(Socket socket)
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
            Fill(socket);
        }
    }

    private byte[] ReadExactly(Socket socket, int count)
    {
        var result = new byte[count];
        var have = Math.Min(count, _end - _start);
        Array.Copy(_buffer, _start, result, 0, have);
        _start += have;
        while (have < count)
        {
            var read = socket.Receive(result, have, count - have, SocketFlags.None);
            if (read == 0) throw new IOException("the Runtime API closed the connection");
            have += read;
        }
        return result;
    }

    private void Fill(Socket socket)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) throw new FormatException("HTTP header line too long");
        var read = socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        if (read == 0) throw new IOException("the Runtime API closed the connection");
        _end += read;
    }

    /// <summary>Drops the connection; the next request opens a new one. Safe from any thread.</summary>
    public void Close()
    {
        Socket? socket;
        lock (_gate)
        {
            socket = _socket;
            _socket = null;
        }
        socket?.Dispose();
    }

    private static (string, int) Split(string hostAndPort)
    {
        var colon = hostAndPort.LastIndexOf(':');
        if (colon <= 0) return (hostAndPort, 80);
        var portText = hostAndPort.AsSpan(colon + 1);
        return int.TryParse(portText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port)
            ? (hostAndPort[..colon], port)
            : (hostAndPort, 80);
    }

    public void Dispose() => Close();
}
