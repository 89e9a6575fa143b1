using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace GtCustomPose.Testing;

/// <summary>
/// A Lambda Runtime API on 127.0.0.1 for tests: queues events, hands them out on <c>invocation/next</c> with the
/// documented headers, and records what the function posts back.
/// </summary>
public sealed class FakeRuntimeApi : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly BlockingCollection<(string Id, string Body)> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _dropNext;

    private const string TraceId = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1";

    public FakeRuntimeApi(int? port = null)
    {
        Port = port ?? FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public int Port { get; }

    /// <summary>The value of AWS_LAMBDA_RUNTIME_API.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public string FunctionArn { get; } = "arn:aws:lambda:us-west-2:111122223333:function:GtPoseSageMakerTest";

    /// <summary>Deadline handed out with each invocation.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public ConcurrentDictionary<string, string> Responses { get; } = new();

    /// <summary>Stopwatch timestamp at which each response or error arrived.</summary>
    public ConcurrentDictionary<string, long> Arrivals { get; } = new();

    public ConcurrentDictionary<string, (string Body, string? ErrorType)> Errors { get; } = new();

    public ConcurrentQueue<(string Body, string? ErrorType)> InitErrors { get; } = new();

    /// <summary>The next <paramref name="count"/> next-invocation requests have their connection dropped.</summary>
    public void DropNextConnections(int count) => Interlocked.Exchange(ref _dropNext, count);

    public string Enqueue(string body)
    {
        var id = Guid.NewGuid().ToString();
        _events.Add((id, body));
        return id;
    }

    /// <summary>Waits until the invocation has a response or an error.</summary>
    public async Task<bool> WaitForAsync(string id, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            if (Responses.ContainsKey(id) || Errors.ContainsKey(id)) return true;
            await Task.Delay(1);
        }
        return false;
    }

    public async Task<bool> WaitForInitErrorAsync(TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            if (!InitErrors.IsEmpty) return true;
            await Task.Delay(20);
        }
        return false;
    }

    private async Task Serve()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (HttpListenerException) { return; }
            catch (ObjectDisposedException) { return; }
            _ = Task.Run(() => Handle(context));
        }
    }

    private async Task Handle(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        var response = context.Response;
        try
        {
            if (context.Request.HttpMethod == "GET" && path == "/2018-06-01/runtime/invocation/next")
            {
                if (Interlocked.Decrement(ref _dropNext) >= 0)
                {
                    response.Abort();
                    return;
                }
                (string Id, string Body) next;
                try { next = _events.Take(_stop.Token); }
                catch (OperationCanceledException) { response.Abort(); return; }
                response.Headers.Add("Lambda-Runtime-Aws-Request-Id", next.Id);
                var deadline = TimeProvider.System.GetUtcNow().Add(Timeout).ToUnixTimeMilliseconds();
                response.Headers.Add("Lambda-Runtime-Deadline-Ms", deadline.ToString(CultureInfo.InvariantCulture));
                response.Headers.Add("Lambda-Runtime-Invoked-Function-Arn", FunctionArn);
                response.Headers.Add("Lambda-Runtime-Trace-Id", TraceId);
                var bytes = Encoding.UTF8.GetBytes(next.Body);
                response.ContentType = "application/json";
                // A known length lets the listener send headers and body together (no chunked trickle meeting
                // delayed ACKs).
                response.ContentLength64 = bytes.Length;
                await response.OutputStream.WriteAsync(bytes);
                response.Close();
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
            var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"];
            var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (context.Request.HttpMethod == "POST" && parts is [_, "runtime", "invocation", var id, "response"])
            {
                Arrivals[Uri.UnescapeDataString(id)] = arrived;
                Responses[Uri.UnescapeDataString(id)] = body;
            }
            else if (context.Request.HttpMethod == "POST" && parts is [_, "runtime", "invocation", var eid, "error"])
                Errors[Uri.UnescapeDataString(eid)] = (body, errorType);
            else if (context.Request.HttpMethod == "POST" && parts is [_, "runtime", "init", "error"])
                InitErrors.Enqueue((body, errorType));
            else { response.StatusCode = 404; response.Close(); return; }
            response.StatusCode = 202;
            response.ContentLength64 = 0;
            response.Close();
        }
        catch (HttpListenerException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try { _loop.Wait(2000); } catch (AggregateException) { }
        _events.Dispose();
        _stop.Dispose();
    }
}
