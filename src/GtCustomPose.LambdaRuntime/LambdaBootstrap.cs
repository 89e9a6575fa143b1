namespace GtCustomPose.LambdaRuntime;

/// <summary>
/// The <c>bootstrap</c> loop of a provided.al2023 function: get the next invocation, run the handler, post the
/// response or the error, repeat. A handler exception fails that invocation only.
/// </summary>
/// <remarks>
/// The loop blocks its thread: Lambda sends one invocation at a time, and a cold start without the async socket
/// machinery is shorter (docs/performance.md). A handler that awaits I/O still runs it on the thread pool.
/// </remarks>
public static class LambdaBootstrap
{
    /// <summary>Runs the loop against the Runtime API at <paramref name="runtimeApi"/>.</summary>
    /// <param name="init">Builds the handler once per execution environment; an exception is an init error.</param>
    /// <param name="runtimeApi">host:port of the Runtime API; <c>AWS_LAMBDA_RUNTIME_API</c> when null.</param>
    /// <param name="cancellationToken">Stops the loop (exit code 0).</param>
    /// <param name="afterResponse">
    /// Work to run once each invocation is answered; see the <see cref="IRuntimeApiClient"/> overload.
    /// </param>
    /// <returns>0 when cancelled, 1 after an init error, 2 when no Runtime API is given.</returns>
    public static int Run(
        Func<LambdaHandler> init,
        string? runtimeApi = null,
        CancellationToken cancellationToken = default,
        Action? afterResponse = null)
    {
        runtimeApi ??= Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
        if (string.IsNullOrEmpty(runtimeApi))
        {
            Console.Error.WriteLine("AWS_LAMBDA_RUNTIME_API is not set: this executable is a Lambda bootstrap; "
                + "use `gtpose invoke` to run a function locally.");
            return 2;
        }
        using var client = new RuntimeApiClient(runtimeApi);
        return Run(client, init, cancellationToken, afterResponse);
    }

    /// <summary>Runs the loop on the calling thread until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="client">The Runtime API.</param>
    /// <param name="init">Builds the handler once per execution environment; an exception is an init error.</param>
    /// <param name="cancellationToken">Stops the loop (exit code 0).</param>
    /// <param name="afterResponse">
    /// Runs once each invocation's response or error is posted, before the next invocation is asked for: work the
    /// caller need not wait for (PostAnnotation collects a batch's garbage there). Its exceptions are logged and the
    /// loop goes on. Default none.
    /// </param>
    /// <returns>0 when cancelled, 1 after an init error.</returns>
    public static int Run(
        IRuntimeApiClient client,
        Func<LambdaHandler> init,
        CancellationToken cancellationToken = default,
        Action? afterResponse = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(init);
        LambdaHandler handler;
        try
        {
            handler = init();
        }
        catch (Exception e)
        {
            Log.Error($"init failed: {e.GetType().Name}: {e.Message}");
            client.PostInitError(ErrorResponse.From(e), cancellationToken);
            return 1;
        }
        try
        {
            while (true)
            {
                Serve(client, handler, cancellationToken);
                AfterResponse(afterResponse);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
    }

    private static void Serve(IRuntimeApiClient client, LambdaHandler handler, CancellationToken cancellationToken)
    {
        var (body, context) = client.Next(cancellationToken);
        Log.RequestId = context.RequestId;
        try
        {
            using var input = new MemoryStream(body, writable: false);
            // Completes synchronously when the handler did not await; otherwise this thread waits, as Lambda would.
            using var output = handler(input, context, cancellationToken).GetAwaiter().GetResult();
            // A response the Runtime API refuses (too large) becomes this invocation's error, below.
            client.PostResponse(context.RequestId, output, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.Error($"invocation failed: {e.GetType().Name}: {e.Message}");
            client.PostError(context.RequestId, ErrorResponse.From(e), cancellationToken);
        }
        finally
        {
            Log.RequestId = null;
        }
    }

    private static void AfterResponse(Action? afterResponse)
    {
        try
        {
            afterResponse?.Invoke();
        }
        catch (Exception e)
        {
            // The invocation is answered already; the loop goes on.
            Log.Error($"after-response work failed: {e.GetType().Name}: {e.Message}");
        }
    }
}
