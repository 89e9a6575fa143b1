using System.Collections.Concurrent;
using System.Net;

namespace GtCustomPose.Testing;

/// <summary>What the proxy does to one request instead of forwarding it faithfully.</summary>
public abstract record Fault(string Kind)
{
    /// <summary>Answers with an S3 error document.</summary>
    public sealed record Error(int Status, string Code) : Fault(Code);

    /// <summary>Forwards the request, then drops the connection before the answer's body (HttpListener cannot drop it
    /// before the status line): the client never gets the answer it waits for.</summary>
    public sealed record Reset() : Fault("reset");

    /// <summary>Forwards the request, then sends the body's first half and drops the connection.</summary>
    public sealed record TruncatedBody() : Fault("truncated");

    /// <summary>Forwards the request, then sends the body in four parts over <paramref name="Delay"/>.</summary>
    public sealed record SlowBody(TimeSpan Delay) : Fault("slow");

    /// <summary>503 SlowDown, S3's throttling answer.</summary>
    public static Fault SlowDown { get; } = new Error(503, "SlowDown");

    /// <summary>500 InternalError.</summary>
    public static Fault InternalError { get; } = new Error(500, "InternalError");
}

/// <summary>
/// A forwarding HTTP proxy on 127.0.0.1 in front of moto_server that injects S3 faults: point the SDK's endpoint at it
/// and set <see cref="Inject"/> to decide, per request, what goes wrong. Bounded: at most <see cref="MaxRequests"/>
/// requests are served (later ones get a 403 no client retries, and <see cref="LimitReached"/> says so), and no fault
/// delays a request by more than its own <see cref="Fault.SlowBody.Delay"/>.
/// </summary>
public sealed class FaultProxy : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _target;
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _injected, _requests;

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

    /// <summary>Decides per request (method, path and query): null forwards it faithfully.</summary>
    public Func<string, string, Fault?> Inject { get; set; } = (_, _) => null;

    /// <summary>Requests served before the proxy refuses more. Default 20,000.</summary>
    public int MaxRequests { get; set; } = 20_000;

    /// <summary>Requests that arrived.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Whether a request arrived after <see cref="MaxRequests"/>.</summary>
    public bool LimitReached => Requests > MaxRequests;

    /// <summary>How many requests got a fault.</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <summary>Faults injected, by <see cref="Fault.Kind"/>.</summary>
    public IReadOnlyDictionary<string, int> Counts =>
        new SortedDictionary<string, int>(_counts, StringComparer.Ordinal);

    /// <summary>A fault for the first <paramref name="count"/> requests whose path contains
    /// <paramref name="pathPart"/>.</summary>
    public static Func<string, string, Fault?> FirstRequests(string pathPart, int count, Fault fault)
    {
        var left = count;
        return (_, path) =>
            path.Contains(pathPart, StringComparison.Ordinal) && Interlocked.Decrement(ref left) >= 0 ? fault : null;
    }

    /// <summary>The first <paramref name="count"/> requests whose path contains <paramref name="pathPart"/> answered
    /// with an S3 error.</summary>
    public static Func<string, string, Fault?> FirstRequests(string pathPart, int count, int status, string code) =>
        FirstRequests(pathPart, count, new Fault.Error(status, code));

    /// <summary>
    /// Each request whose path contains <paramref name="pathPart"/> (any when empty) gets at most one of
    /// <paramref name="faults"/>, each with its share of probability, drawn from a generator seeded with
    /// <paramref name="seed"/>; at most <paramref name="maxFaults"/> in all.
    /// </summary>
    public static Func<string, string, Fault?> Random(
        int seed, string pathPart, int maxFaults, params (double Share, Fault Fault)[] faults)
    {
        var random = new Random(seed);
        var left = maxFaults;
        return (_, path) =>
        {
            if (!path.Contains(pathPart, StringComparison.Ordinal)) return null;
            double draw;
            lock (random) draw = random.NextDouble();
            foreach (var (share, fault) in faults)
            {
                if (draw < share) return Interlocked.Decrement(ref left) >= 0 ? fault : null;
                draw -= share;
            }
            return null;
        };
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
            var fault = Interlocked.Increment(ref _requests) > MaxRequests
                ? new Fault.Error(403, "ProxyRequestLimit")
                : Inject(request.HttpMethod, request.RawUrl!);
            if (fault is not null)
            {
                Interlocked.Increment(ref _injected);
                _counts.AddOrUpdate(fault.Kind, 1, (_, n) => n + 1);
            }
            switch (fault)
            {
                case Fault.Error error:
                    await WriteAsync(response, error.Status, "application/xml", System.Text.Encoding.UTF8.GetBytes(
                        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{error.Code}</Code>" +
                        "<Message>injected by the test proxy</Message><RequestId>fault</RequestId></Error>"));
                    return;
            }
            var (status, headers, bytes) = await ForwardAsync(request);
            response.StatusCode = status;
            foreach (var (name, value) in headers) response.Headers[name] = value;
            response.ContentLength64 = bytes.Length;
            if (fault is Fault.Reset)
            {
                // Whatever was promised, nothing follows.
                if (bytes.Length == 0) response.ContentLength64 = 1;
                response.Abort();
                return;
            }
            if (request.HttpMethod == "HEAD" || bytes.Length == 0)
            {
                response.Close();
                return;
            }
            switch (fault)
            {
                case Fault.TruncatedBody:
                    await response.OutputStream.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
                    await response.OutputStream.FlushAsync();
                    response.Abort();
                    return;
                case Fault.SlowBody slow:
                    var part = (bytes.Length + 3) / 4;
                    for (var at = 0; at < bytes.Length; at += part)
                    {
                        await Task.Delay(slow.Delay / 4);
                        await response.OutputStream.WriteAsync(bytes.AsMemory(at, Math.Min(part, bytes.Length - at)));
                        await response.OutputStream.FlushAsync();
                    }
                    response.Close();
                    return;
            }
            await response.OutputStream.WriteAsync(bytes);
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or HttpRequestException or IOException
            or ObjectDisposedException or InvalidOperationException)
        {
            try { response.Abort(); } catch (ObjectDisposedException) { }
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string type, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = type;
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }

    private async Task<(int Status, List<(string, string)> Headers, byte[] Body)> ForwardAsync(
        HttpListenerRequest request)
    {
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
        var headers = answer.Headers.Concat(answer.Content.Headers)
            .Where(h => h.Key is not ("Content-Length" or "Transfer-Encoding" or "Connection"))
            .Select(h => (h.Key, string.Join(",", h.Value))).ToList();
        return ((int)answer.StatusCode, headers, await answer.Content.ReadAsByteArrayAsync());
    }

    public void Dispose()
    {
        _listener.Close();
        try { _loop.Wait(2000); } catch (AggregateException) { }
        _upstream.Dispose();
    }
}
