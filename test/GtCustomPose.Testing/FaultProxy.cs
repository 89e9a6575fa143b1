using System.Net;

namespace GtCustomPose.Testing;

/// <summary>
/// A forwarding HTTP proxy on 127.0.0.1 in front of moto_server that injects S3 faults: point the SDK's endpoint at it
/// and set <see cref="Fault"/> to answer chosen requests with an S3 error instead of forwarding them.
/// </summary>
public sealed class FaultProxy : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _target;
    private readonly Task _loop;
    private int _injected;

    public FaultProxy(string target)
    {
        _target = target.TrimEnd('/');
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>
    /// Decides per request (method, path and query): null forwards it; (status, code) answers with that S3 error.
    /// </summary>
    public Func<string, string, (int Status, string Code)?> Fault { get; set; } = (_, _) => null;

    /// <summary>How many requests were answered with a fault.</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <summary>
    /// A fault for the first <paramref name="count"/> requests whose path contains <paramref name="pathPart"/>.
    /// </summary>
    public static Func<string, string, (int, string)?> FirstRequests(
        string pathPart,
        int count,
        int status,
        string code)
    {
        var left = count;
        return (_, path) =>
            path.Contains(pathPart, StringComparison.Ordinal) && Interlocked.Decrement(ref left) >= 0
                ? (status, code)
                : null;
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            _ = Task.Run(() => Handle(context));
        }
    }

    private async Task Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            if (Fault(request.HttpMethod, request.RawUrl!) is { } fault)
            {
                Interlocked.Increment(ref _injected);
                var body = System.Text.Encoding.UTF8.GetBytes(
                    $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{fault.Code}</Code>" +
                    "<Message>injected by the test proxy</Message><RequestId>fault</RequestId></Error>");
                response.StatusCode = fault.Status;
                response.ContentType = "application/xml";
                response.ContentLength64 = body.Length;
                await response.OutputStream.WriteAsync(body);
                response.Close();
                return;
            }
            using var forward = new HttpRequestMessage(new HttpMethod(request.HttpMethod), _target + request.RawUrl);
            if (request.HasEntityBody)
            {
                using var copy = new MemoryStream();
                await request.InputStream.CopyToAsync(copy);
                forward.Content = new ByteArrayContent(copy.ToArray());
            }
            foreach (string name in request.Headers)
            {
                if (name is "Host" or "Content-Length" or "Connection" or "Expect" or "Transfer-Encoding") continue;
                if (!forward.Headers.TryAddWithoutValidation(name, request.Headers[name]))
                    forward.Content?.Headers.TryAddWithoutValidation(name, request.Headers[name]);
            }
            using var answer = await _upstream.SendAsync(forward);
            response.StatusCode = (int)answer.StatusCode;
            foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
            {
                if (name is "Content-Length" or "Transfer-Encoding" or "Connection") continue;
                response.Headers[name] = string.Join(",", values);
            }
            var bytes = await answer.Content.ReadAsByteArrayAsync();
            response.ContentLength64 = bytes.Length;
            if (request.HttpMethod != "HEAD") await response.OutputStream.WriteAsync(bytes);
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or HttpRequestException or IOException)
        {
            try { response.Abort(); } catch (ObjectDisposedException) { }
        }
    }

    public void Dispose()
    {
        _listener.Close();
        try { _loop.Wait(2000); } catch (AggregateException) { }
        _upstream.Dispose();
    }
}
