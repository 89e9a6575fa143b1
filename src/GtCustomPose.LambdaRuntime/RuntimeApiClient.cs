using System.Globalization;
using System.Text.Json;
using GtCustomPose.Core;

namespace GtCustomPose.LambdaRuntime;

/// <summary>Talks to the Lambda Runtime API at <c>http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/</c>.</summary>
public sealed class RuntimeApiClient(string runtimeApi) : IDisposable
{
    private const string Base = "/2018-06-01/runtime/";
    private readonly LoopbackHttp _http = new(runtimeApi);

    /// <summary>Waits for the next invocation and returns its event body and context.</summary>
    public async Task<(byte[] Body, InvocationContext Context)> NextAsync(CancellationToken cancellationToken = default)
    {
        var response = await _http.SendAsync("GET", Base + "invocation/next", default, null, cancellationToken).ConfigureAwait(false);
        Ensure(response, "invocation/next");
        string? Header(string name) => response.Headers.TryGetValue(name, out var v) ? v : null;
        // No invocation was handed out without an id, so asking again is safe: the loop retries this like a dropped connection.
        var id = Header("Lambda-Runtime-Aws-Request-Id");
        if (id is null)
        {
            _http.Close();
            throw new HttpRequestException("the Runtime API sent an invocation without Lambda-Runtime-Aws-Request-Id");
        }
        DateTimeOffset? deadline = long.TryParse(Header("Lambda-Runtime-Deadline-Ms"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        return (response.Body, new InvocationContext(id, deadline, Header("Lambda-Runtime-Invoked-Function-Arn"), Header("Lambda-Runtime-Trace-Id")));
    }

    /// <summary>Posts an invocation's response.</summary>
    public async Task PostResponseAsync(string requestId, Stream response, CancellationToken cancellationToken = default)
    {
        ReadOnlyMemory<byte> body;
        if (response is MemoryStream memory && memory.TryGetBuffer(out var segment)) body = segment.AsMemory((int)memory.Position);
        else
        {
            using var copy = new MemoryStream();
            await response.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            body = copy.ToArray();
        }
        var path = $"invocation/{Uri.EscapeDataString(requestId)}/response";
        Ensure(await _http.SendAsync("POST", Base + path, body, null, cancellationToken).ConfigureAwait(false), path);
    }

    /// <summary>Posts an invocation's error.</summary>
    public Task PostErrorAsync(string requestId, Exception error, CancellationToken cancellationToken = default) =>
        PostError($"invocation/{Uri.EscapeDataString(requestId)}/error", error, cancellationToken);

    /// <summary>Reports that the function could not start.</summary>
    public Task PostInitErrorAsync(Exception error, CancellationToken cancellationToken = default) =>
        PostError("init/error", error, cancellationToken);

    private async Task PostError(string path, Exception error, CancellationToken cancellationToken)
    {
        var body = ToError(error);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, CoreJsonContext.Default.ErrorResponse);
        var response = await _http.SendAsync("POST", Base + path, bytes, [new("Lambda-Runtime-Function-Error-Type", body.ErrorType)], cancellationToken).ConfigureAwait(false);
        Ensure(response, path);
    }

    private static void Ensure(LoopbackHttp.Response response, string path)
    {
        if (response.Status is >= 200 and < 300) return;
        throw new HttpRequestException($"the Runtime API answered {response.Status} to {path}", null, (System.Net.HttpStatusCode)response.Status);
    }

    /// <summary>The error body Lambda shows: the exception's type name and message.</summary>
    public static ErrorResponse ToError(Exception error) => new(error.GetType().Name, error.Message);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
