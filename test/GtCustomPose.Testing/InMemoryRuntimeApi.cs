using System.Collections.Concurrent;
using System.Text;
using GtCustomPose.LambdaRuntime;

namespace GtCustomPose.Testing;

/// <summary>
/// A Runtime API in memory for loop tests: hands out the queued invocations in order, records what the loop posts and
/// the order of every call, and stops the loop (cancels <see cref="Stopping"/>) when it is asked for one more.
/// </summary>
public sealed class InMemoryRuntimeApi : IRuntimeApiClient, IDisposable
{
    private readonly ConcurrentQueue<Invocation> _invocations = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _refuseResponses = [];

    /// <summary>Pass to the loop: cancelled when the queue runs dry.</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>Every call in order: <c>next ID</c>, <c>response ID</c>, <c>error ID</c>, <c>init-error</c>.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentDictionary<string, string> Responses { get; } = new();

    public ConcurrentDictionary<string, ErrorResponse> Errors { get; } = new();

    public ConcurrentQueue<ErrorResponse> InitErrors { get; } = new();

    /// <summary>Queues an invocation of <paramref name="body"/>; returns its request id.</summary>
    public string Enqueue(
        string body, DateTimeOffset? deadline = null, string? functionArn = null, string? traceId = null)
    {
        var id = Guid.NewGuid().ToString();
        var context = new InvocationContext(id, deadline, functionArn, traceId);
        _invocations.Enqueue(new Invocation(Encoding.UTF8.GetBytes(body), context));
        return id;
    }

    /// <summary>Refuses the response of <paramref name="requestId"/>, as Lambda does one too large.</summary>
    public void RefuseResponse(string requestId) => _refuseResponses.Add(requestId);

    public Invocation Next(CancellationToken cancellationToken)
    {
        if (!_invocations.TryDequeue(out var invocation))
        {
            Calls.Enqueue("next");
            _stop.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("the queue is empty: pass Stopping to the loop");
        }
        Calls.Enqueue($"next {invocation.Context.RequestId}");
        return invocation;
    }

    public void PostResponse(string requestId, Stream response, CancellationToken cancellationToken)
    {
        if (_refuseResponses.Contains(requestId))
        {
            Calls.Enqueue($"refused {requestId}");
            throw new HttpRequestException(
                "the Runtime API answered 413", null, System.Net.HttpStatusCode.RequestEntityTooLarge);
        }
        using var reader = new StreamReader(response, Encoding.UTF8, leaveOpen: true);
        Responses[requestId] = reader.ReadToEnd();
        Calls.Enqueue($"response {requestId}");
    }

    public void PostError(string requestId, ErrorResponse error, CancellationToken cancellationToken)
    {
        Errors[requestId] = error;
        Calls.Enqueue($"error {requestId}");
    }

    public void PostInitError(ErrorResponse error, CancellationToken cancellationToken)
    {
        InitErrors.Enqueue(error);
        Calls.Enqueue("init-error");
    }

    public void Dispose() => _stop.Dispose();
}
