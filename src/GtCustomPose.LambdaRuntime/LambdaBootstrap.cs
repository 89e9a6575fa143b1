namespace GtCustomPose.LambdaRuntime;

/// <summary>
/// The <c>bootstrap</c> loop of a provided.al2023 function: get the next invocation, run the handler, post the response
/// or the error, repeat. A handler exception fails that invocation only; a dropped Runtime API connection is retried.
/// </summary>
public static class LambdaBootstrap
{
    /// <summary>Connection attempts to the Runtime API before the process gives up.</summary>
    public const int MaxConnectAttempts = 10;

    /// <summary>Runs the loop until <paramref name="cancellationToken"/> is cancelled; returns the process exit code.</summary>
    /// <param name="init">Builds the handler once per execution environment; an exception is reported as an init error.</param>
    /// <param name="runtimeApi">host:port of the Runtime API; <c>AWS_LAMBDA_RUNTIME_API</c> when null.</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    public static async Task<int> RunAsync(Func<LambdaHandler> init, string? runtimeApi = null, CancellationToken cancellationToken = default)
    {
        runtimeApi ??= Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
        if (string.IsNullOrEmpty(runtimeApi))
        {
            await Console.Error.WriteLineAsync("AWS_LAMBDA_RUNTIME_API is not set: this executable is a Lambda bootstrap; use `gtpose invoke` to run a function locally.").ConfigureAwait(false);
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
            await client.PostInitErrorAsync(e, cancellationToken).ConfigureAwait(false);
            return 1;
        }
        while (!cancellationToken.IsCancellationRequested)
        {
            var (body, context) = await WithRetries(() => client.NextAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            Log.RequestId = context.RequestId;
            try
            {
                await using var input = new MemoryStream(body, writable: false);
                var output = await handler(input, context, cancellationToken).ConfigureAwait(false);
                await using (output.ConfigureAwait(false))
                    await WithRetries(async () => { await client.PostResponseAsync(context.RequestId, output, cancellationToken).ConfigureAwait(false); return true; }, cancellationToken, rewind: output).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.Error($"invocation failed: {e.GetType().Name}: {e.Message}");
                await WithRetries(async () => { await client.PostErrorAsync(context.RequestId, e, cancellationToken).ConfigureAwait(false); return true; }, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Log.RequestId = null;
            }
        }
        return 0;
    }

    private static async Task<T> WithRetries<T>(Func<Task<T>> call, CancellationToken cancellationToken, Stream? rewind = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (attempt < MaxConnectAttempts && e.StatusCode is null)
            {
                // No status code: the connection failed or dropped, not an answer from the Runtime API.
                Log.Error($"Runtime API connection failed (attempt {attempt} of {MaxConnectAttempts}): {e.Message}");
                if (rewind is { CanSeek: true }) rewind.Position = 0;
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 << attempt)), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
