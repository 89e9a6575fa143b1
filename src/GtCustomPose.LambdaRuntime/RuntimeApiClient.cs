using System.Globalization;
using System.Text.Json;
using GtCustomPose.Core;

namespace GtCustomPose.LambdaRuntime;

/// <summary>Talks to the Lambda Runtime API at <c>http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/</c>; calls block (see <see cref="LambdaBootstrap"/>).</summary>
public sealed class RuntimeApiClient(string runtimeApi) : IDisposable
{
    private const string Base = "/2018-06-01/runtime/";
    private readonly LoopbackHttp _http = new(runtimeApi);

    /// <summary>Waits for the next invocation and returns its event body and context.</summary>
    public (byte[] Body, InvocationContext Context) Next(CancellationToken cancellationToken = default)
    {
        var response = _http.Send("GET", Base + "invocation/next", default, null, cancellationToken);
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
    public void PostResponse(string requestId, Stream response, CancellationToken cancellationToken = default)
    {
        ArraySegment<byte> body;
        if (response is MemoryStream memory && memory.TryGetBuffer(out var segment)) body = segment[(int)memory.Position..];
        else
        {
            using var copy = new MemoryStream();
            response.CopyTo(copy);
            body = copy.ToArray();
        }
        var path = $"invocation/{Uri.EscapeDataString(requestId)}/response";
        Ensure(_http.Send("POST", Base + path, body, null, cancellationToken), path);
    }

    /// <summary>Posts an invocation's error.</summary>
    public void PostError(string requestId, Exception error, CancellationToken cancellationToken = default) =>
        Post($"invocation/{Uri.EscapeDataString(requestId)}/error", error, cancellationToken);

    /// <summary>Reports that the function could not start.</summary>
    public void PostInitError(Exception error, CancellationToken cancellationToken = default) =>
        Post("init/error", error, cancellationToken);

    private void Post(string path, Exception error, CancellationToken cancellationToken)
    {
        var body = ToError(error);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, CoreJsonContext.Default.ErrorResponse);
        var response = _http.Send("POST", Base + path, bytes, [new("Lambda-Runtime-Function-Error-Type", body.ErrorType)], cancellationToken);
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
