namespace GtCustomPose.LambdaRuntime;

/// <summary>What the Runtime API says about one invocation (stands in for ILambdaContext).</summary>
/// <param name="RequestId">Lambda-Runtime-Aws-Request-Id.</param>
/// <param name="Deadline">Lambda-Runtime-Deadline-Ms as a time; null when the header is missing.</param>
/// <param name="InvokedFunctionArn">Lambda-Runtime-Invoked-Function-Arn.</param>
/// <param name="TraceId">Lambda-Runtime-Trace-Id.</param>
public sealed record InvocationContext(
    string RequestId, DateTimeOffset? Deadline, string? InvokedFunctionArn, string? TraceId)
{
    /// <summary>Time left before the deadline by the system clock (infinite without one).</summary>
    public TimeSpan RemainingTime() => RemainingTime(TimeProvider.System);

    /// <summary>Time left before the deadline by <paramref name="time"/> (infinite without one).</summary>
    public TimeSpan RemainingTime(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Deadline is { } d ? d - time.GetUtcNow() : Timeout.InfiniteTimeSpan;
    }
}

/// <summary>A function body: event stream in, response stream out.</summary>
public delegate Task<Stream> LambdaHandler(
    Stream input, InvocationContext context, CancellationToken cancellationToken);
