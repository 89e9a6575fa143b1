namespace GtCustomPose.LambdaRuntime;

/// <summary>
/// The calls the bootstrap loop makes to the Lambda Runtime API. <see cref="RuntimeApiClient"/> speaks HTTP to the
/// real one; tests hand the loop an in-memory one. Calls block, as the loop does (see <see cref="LambdaBootstrap"/>).
/// </summary>
public interface IRuntimeApiClient
{
    /// <summary>Waits for the next invocation.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Invocation Next(CancellationToken cancellationToken);

    /// <summary>Posts an invocation's response, read from the stream's current position.</summary>
    void PostResponse(string requestId, Stream response, CancellationToken cancellationToken);

    /// <summary>Posts an invocation's error.</summary>
    void PostError(string requestId, ErrorResponse error, CancellationToken cancellationToken);

    /// <summary>Reports that the function could not start.</summary>
    void PostInitError(ErrorResponse error, CancellationToken cancellationToken);
}

/// <summary>One invocation: the event's bytes and what the Runtime API says about it.</summary>
/// <param name="Event">The event body as sent.</param>
/// <param name="Context">Request id, deadline, function ARN, trace id.</param>
public sealed record Invocation(byte[] Event, InvocationContext Context);
