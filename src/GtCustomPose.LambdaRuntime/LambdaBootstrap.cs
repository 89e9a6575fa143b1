namespace GtCustomPose.LambdaRuntime;

/// <summary>
/// The <c>bootstrap</c> loop of a provided.al2023 function: get the next invocation, run the handler, post the response
/// or the error, repeat. A handler exception fails that invocation only; a dropped Runtime API connection is retried.
/// </summary>
/// <remarks>
/// The loop blocks its thread: Lambda sends one invocation at a time, and a cold start without the async socket
/// machinery is about a quarter shorter. A handler that awaits I/O still runs it on the thread pool.
/// </remarks>
public static class LambdaBootstrap
{
    /// <summary>Connection attempts to the Runtime API before the process gives up.</summary>
    public const int MaxConnectAttempts = 10;

    /// <summary>Runs the loop on the calling thread until <paramref name="cancellationToken"/> is cancelled; returns the process exit code.</summary>
    /// <param name="init">Builds the handler once per execution environment; an exception is reported as an init error.</param>
    /// <param name="runtimeApi">host:port of the Runtime API; <c>AWS_LAMBDA_RUNTIME_API</c> when null.</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <param name="afterResponse">
    /// Runs once each invocation's response or error is posted, before the next invocation is asked for: work the
    /// caller need not wait for (PostAnnotation collects a batch's garbage there). Default none.
    /// </param>
    public static int Run(Func<LambdaHandler> init, string? runtimeApi = null, CancellationToken cancellationToken = default, Action? afterResponse = null)
    {
        runtimeApi ??= Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
        if (string.IsNullOrEmpty(runtimeApi))
        {
            Console.Error.WriteLine("AWS_LAMBDA_RUNTIME_API is not set: this executable is a Lambda bootstrap; use `gtpose invoke` to run a function locally.");
            return 2;
        }
        using var client = new RuntimeApiClient(runtimeApi);
        LambdaHandler handler;
        try
        {
            handler = init();
        }
        catch (Exception e)
        {
            Log.Error($"init failed: {e.GetType().Name}: {e.Message}");
            client.PostInitError(e, cancellationToken);
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

    private static void Serve(RuntimeApiClient client, LambdaHandler handler, CancellationToken cancellationToken)
    {
        var (body, context) = WithRetries(() => client.Next(cancellationToken), cancellationToken);
        Log.RequestId = context.RequestId;
        try
        {
            using var input = new MemoryStream(body, writable: false);
            // Completes synchronously when the handler did not await; otherwise this thread waits, as Lambda would.
            using var output = handler(input, context, cancellationToken).GetAwaiter().GetResult();
            WithRetries(() => { client.PostResponse(context.RequestId, output, cancellationToken); return true; }, cancellationToken, rewind: output);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.Error($"invocation failed: {e.GetType().Name}: {e.Message}");
            WithRetries(() => { client.PostError(context.RequestId, e, cancellationToken); return true; }, cancellationToken);
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

    private static T WithRetries<T>(Func<T> call, CancellationToken cancellationToken, Stream? rewind = null)
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
                if (rewind is { CanSeek: true }) rewind.Position = 0;
                if (cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Min(1000, 50 << attempt)))) cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }
}
