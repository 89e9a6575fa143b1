using System.Globalization;
using System.Net;

namespace GtCustomPose.LambdaRuntime;

/// <summary>
/// Talks to the Lambda Runtime API at <c>http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/</c>; calls block (see
/// <see cref="LambdaBootstrap"/>). A connection that fails or drops is retried, up to
/// <see cref="MaxConnectAttempts"/> times per call; an answer with an error status is not.
/// </summary>
public sealed class RuntimeApiClient(string runtimeApi) : IRuntimeApiClient, IDisposable
{
    /// <summary>Connection attempts per call before it fails (the process then exits and Lambda restarts it).</summary>
    public const int MaxConnectAttempts = 10;

    // The first retry waits 100 ms, each next twice as long, none longer than a second: a Runtime API that is still
    // starting (or a dropped connection) gets about 6.5 s over the attempts before the process gives up.
    private const int FirstPauseMs = 100;
    private const int LongestPauseMs = 1000;

    private const string Base = "/2018-06-01/runtime/";
    private readonly LoopbackHttp _http = new(runtimeApi);

    /// <inheritdoc />
    public Invocation Next(CancellationToken cancellationToken) =>
        WithRetries(() => ReadNext(cancellationToken), cancellationToken);

    /// <inheritdoc />
    public void PostResponse(string requestId, Stream response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArraySegment<byte> body;
        // A batch's response is megabytes: sent from the handler's own buffer when it has one.
        if (response is MemoryStream memory && memory.TryGetBuffer(out var segment))
        {
            body = segment[(int)memory.Position..];
        }
        else
        {
            using var copy = new MemoryStream();
            response.CopyTo(copy);
            body = copy.ToArray();
        }
        Post($"invocation/{Uri.EscapeDataString(requestId)}/response", body, null, cancellationToken);
    }

    /// <inheritdoc />
    public void PostError(string requestId, ErrorResponse error, CancellationToken cancellationToken) =>
        PostErrorTo($"invocation/{Uri.EscapeDataString(requestId)}/error", error, cancellationToken);

    /// <inheritdoc />
    public void PostInitError(ErrorResponse error, CancellationToken cancellationToken) =>
        PostErrorTo("init/error", error, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private Invocation ReadNext(CancellationToken cancellationToken)
    {
        var response = _http.Send("GET", Base + "invocation/next", default, null, cancellationToken);
        Ensure(response, "invocation/next");
        string? Header(string name) => response.Headers.TryGetValue(name, out var v) ? v : null;
        // No invocation was handed out without an id, so asking again is safe: retried like a dropped connection.
        var id = Header("Lambda-Runtime-Aws-Request-Id");
        if (id is null)
        {
            _http.Close();
            throw new HttpRequestException("the Runtime API sent an invocation without Lambda-Runtime-Aws-Request-Id");
        }
        var deadlineMs = Header("Lambda-Runtime-Deadline-Ms");
        DateTimeOffset? deadline =
            long.TryParse(deadlineMs, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : null;
        var context = new InvocationContext(
            id, deadline, Header("Lambda-Runtime-Invoked-Function-Arn"), Header("Lambda-Runtime-Trace-Id"));
        return new Invocation(response.Body, context);
    }

    private void PostErrorTo(string path, ErrorResponse error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        Post(path, error.ToUtf8Json(), [new("Lambda-Runtime-Function-Error-Type", error.ErrorType)], cancellationToken);
    }

    private void Post(
        string path,
        ArraySegment<byte> body,
        KeyValuePair<string, string>[]? headers,
        CancellationToken cancellationToken) =>
        WithRetries(
            () =>
            {
                Ensure(_http.Send("POST", Base + path, body, headers, cancellationToken), path);
                return true;
            },
            cancellationToken);

    private static void Ensure(LoopbackHttp.Response response, string path)
    {
        if (response.Status is >= 200 and < 300) return;
        throw new HttpRequestException(
            $"the Runtime API answered {response.Status} to {path}", null, (HttpStatusCode)response.Status);
    }

    private static T WithRetries<T>(Func<T> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return call();
            }
            catch (HttpRequestException e) when (attempt < MaxConnectAttempts && e.StatusCode is null)
            {
                // No status code: the connection failed or dropped, not an answer from the Runtime API.
                Log.Error($"Runtime API connection failed (attempt {attempt} of {MaxConnectAttempts}): {e.Message}");
                var pause = TimeSpan.FromMilliseconds(Math.Min(LongestPauseMs, FirstPauseMs << (attempt - 1)));
                if (cancellationToken.WaitHandle.WaitOne(pause)) cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }
}
