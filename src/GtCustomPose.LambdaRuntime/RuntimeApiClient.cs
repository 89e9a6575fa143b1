using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GtCustomPose.Core;

namespace GtCustomPose.LambdaRuntime;

/// <summary>Talks to the Lambda Runtime API at <c>http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/</c>.</summary>
public sealed class RuntimeApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _base;

    /// <summary>Creates a client for the Runtime API at <paramref name="runtimeApi"/> (<c>host:port</c>).</summary>
    public RuntimeApiClient(string runtimeApi, HttpMessageHandler? handler = null)
    {
        _base = new Uri($"http://{runtimeApi}/2018-06-01/runtime/");
        // The next-invocation request blocks until an event arrives, which may be minutes.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(15) }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Waits for the next invocation and returns its event body and context.</summary>
    public async Task<(byte[] Body, InvocationContext Context)> NextAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri(_base, "invocation/next"), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        string? Header(string name) => response.Headers.TryGetValues(name, out var v) ? v.FirstOrDefault() : null;
        var id = Header("Lambda-Runtime-Aws-Request-Id") ?? throw new HttpRequestException("the Runtime API sent an invocation without Lambda-Runtime-Aws-Request-Id");
        DateTimeOffset? deadline = long.TryParse(Header("Lambda-Runtime-Deadline-Ms"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        return (body, new InvocationContext(id, deadline, Header("Lambda-Runtime-Invoked-Function-Arn"), Header("Lambda-Runtime-Trace-Id")));
    }

    /// <summary>Posts an invocation's response.</summary>
    public async Task PostResponseAsync(string requestId, Stream response, CancellationToken cancellationToken = default)
    {
        using var content = new StreamContent(response);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var result = await _http.PostAsync(new Uri(_base, $"invocation/{Uri.EscapeDataString(requestId)}/response"), content, cancellationToken).ConfigureAwait(false);
        result.EnsureSuccessStatusCode();
    }

    /// <summary>Posts an invocation's error.</summary>
    public Task PostErrorAsync(string requestId, Exception error, CancellationToken cancellationToken = default) =>
        PostError($"invocation/{Uri.EscapeDataString(requestId)}/error", error, cancellationToken);

    /// <summary>Reports that the function could not start.</summary>
    public Task PostInitErrorAsync(Exception error, CancellationToken cancellationToken = default) =>
        PostError("init/error", error, cancellationToken);

    private async Task PostError(string path, Exception error, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(ToError(error), CoreJsonContext.Default.ErrorResponse);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, path)) { Content = content };
        request.Headers.Add("Lambda-Runtime-Function-Error-Type", ToError(error).ErrorType);
        using var result = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.StatusCode != HttpStatusCode.Accepted) result.EnsureSuccessStatusCode();
    }

    /// <summary>The error body Lambda shows: the exception's type name and message.</summary>
    public static ErrorResponse ToError(Exception error) => new(error.GetType().Name, error.Message);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
