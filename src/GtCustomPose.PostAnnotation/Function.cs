using System.Globalization;
using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;
using GtCustomPose.LambdaRuntime;
using GtCustomPose.Storage;

namespace GtCustomPose.PostAnnotation;

/// <summary>
/// The post-annotation (annotation consolidation) function. Managed runtime handler:
/// <c>GtCustomPose.PostAnnotation::GtCustomPose.PostAnnotation.Function::FunctionHandler</c>.
/// </summary>
public sealed class Function
{
    // One S3 client per execution environment, not per invocation: it holds the connection pool and credentials.
    private static S3ObjectStore? s_sharedStore;

    private readonly Rig _rig;
    private readonly IObjectStore _store;
    private readonly BatchOptions _options;
    private readonly Func<string, CancellationToken, Task<IObjectStore>>? _storeForRole;
    private readonly TimeSpan? _budget;

    /// <summary>Configured from the process environment; Lambda calls this once per execution environment.</summary>
    /// <exception cref="SettingException">A setting is invalid (<see cref="PostAnnotationEnvironment"/>).</exception>
    public Function() : this(PostAnnotationEnvironment.Read(FunctionEnvironment.Process))
    {
    }

    /// <summary>Configured from <paramref name="settings"/>; S3 through the execution environment's client.</summary>
    public Function(PostAnnotationSettings settings)
        : this(
            settings.Rig,
            SharedStore(settings.VerifyChecksums, Retry(settings)),
            settings.Batch,
            settings.AssumeRole
                ? (role, ct) => AssumeRoleStore(role, settings.VerifyChecksums, Retry(settings), ct)
                : null,
            settings.TimeBudget)
    {
    }

    /// <summary>Configured explicitly (tests, the CLI, the local job runner).</summary>
    /// <param name="rig">The rig answers use.</param>
    /// <param name="store">Where the payload and stored answers are read.</param>
    /// <param name="options">Batch settings; the deadline is set per invocation.</param>
    /// <param name="storeForRole">When set, reads as the event's <c>roleArn</c> through the store it returns.</param>
    /// <param name="budget">Time budget per invocation when the runtime gives no deadline.</param>
    public Function(
        Rig rig,
        IObjectStore store,
        BatchOptions? options = null,
        Func<string, CancellationToken, Task<IObjectStore>>? storeForRole = null,
        TimeSpan? budget = null)
    {
        _rig = rig;
        _store = store;
        _options = options ?? new BatchOptions();
        _storeForRole = storeForRole;
        _budget = budget;
    }

    /// <summary>Managed-runtime entry: consolidates the batch the event names.</summary>
    public Task<Stream> FunctionHandler(Stream input) => HandleAsync(input, null, CancellationToken.None);

    /// <summary>Consolidates the batch; <paramref name="context"/> supplies the deadline when the Runtime API gave
    /// one.</summary>
    /// <exception cref="BatchException">The event or payload is unusable, or the deadline nears.</exception>
    public async Task<Stream> HandleAsync(Stream input, InvocationContext? context, CancellationToken cancellationToken)
    {
        var started = _options.Time.GetUtcNow();
        PostAnnotationRequest request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(
                input, CoreJsonContext.Default.PostAnnotationRequest, cancellationToken).ConfigureAwait(false)
                ?? throw new BatchException("the post-annotation event is null");
        }
        catch (JsonException e)
        {
            throw new BatchException($"the post-annotation event is not valid: {e.Message}", e);
        }
        var store = _store;
        if (_storeForRole is not null && !string.IsNullOrEmpty(request.RoleArn))
        {
            store = await _storeForRole(request.RoleArn, cancellationToken).ConfigureAwait(false);
            (_options.Log ?? Log.Info)("S3 reads use the labeling job's role (roleArn assumed)");
        }
        var deadline = context?.Deadline ?? (_budget is { } b ? started + b : null);
        // This invocation's view of the shared client: its retries end while there is time to fail naming the object,
        // and its counts are its own.
        if (store is S3ObjectStore s3) store = s3.WithDeadline(deadline - SafetyMargin - RetryReserve);
        var log = _options.Log ?? Log.Info;
        var consolidator = new BatchConsolidator(_rig, store, _options with { Log = log });
        // The deadline stops the batch between objects: failed clearly, with time to report it, never cut short.
        using var timeout = deadline is { } d
            ? new CancellationTokenSource(
                Max(TimeSpan.Zero, d - _options.Time.GetUtcNow() - SafetyMargin), _options.Time)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        BatchResult result;
        try
        {
            result = await consolidator.ConsolidateAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (
            timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw DeadlineReached(deadline!.Value);
        }
        finally
        {
            // A failed batch leaves fetches of other answers running: they stop here, not in the next invocation.
            await linked.CancelAsync().ConfigureAwait(false);
        }
        var response = Respond(result, request.Payload?.S3Uri, log);
        if (deadline is { } end && end - _options.Time.GetUtcNow() < SafetyMargin)
        {
            await response.DisposeAsync().ConfigureAwait(false);
            throw DeadlineReached(end);
        }
        return response;
    }

    /// <summary>AWS Lambda's limit on a synchronous response, bytes.</summary>
    public const long ResponseLimitBytes = 6 * 1024 * 1024;

    /// <summary>Time kept in hand before the deadline to report the failure.</summary>
    public static readonly TimeSpan SafetyMargin = TimeSpan.FromSeconds(2);

    /// <summary>Time kept before <see cref="SafetyMargin"/> in which no S3 retry starts: the last try's own
    /// time.</summary>
    public static readonly TimeSpan RetryReserve = TimeSpan.FromSeconds(1);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private BatchException DeadlineReached(DateTimeOffset deadline) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"the invocation deadline is {(deadline - _options.Time.GetUtcNow()).TotalMilliseconds:F0} ms away; " +
        $"the batch is failed rather than returned incomplete (Ground Truth retries it)"));

    // Lambda's 6 MB: when the full labels do not fit (5,000-object batches), they are written compact.
    private MemoryStream Respond(BatchResult result, string? payloadUri, Action<string> log)
    {
        var started = _options.Time.GetTimestamp();
        var response = result.WriteResponse();
        var compact = response.Length > ResponseLimitBytes;
        if (compact)
        {
            log($"the full response is {response.Length} bytes, over Lambda's limit; writing compact labels");
            response.Dispose();
            response = result.WriteResponse(compact: true);
            if (response.Length > ResponseLimitBytes)
                throw new BatchException(
                    $"the response for payload {payloadUri} is {response.Length} bytes even with compact labels, " +
                    $"over Lambda's {ResponseLimitBytes}-byte limit; lower the job's MaxConcurrentTaskCount");
        }
        log(string.Create(
            CultureInfo.InvariantCulture,
            $"response written: {response.Length} bytes{(compact ? " (compact)" : "")} " +
            $"in {_options.Time.GetElapsedTime(started).TotalMilliseconds:F0} ms"));
        return response;
    }

    // HTTPS already authenticates every byte; the SDK's managed hashing of the payload costs more than parsing it.
    private static S3ObjectStore SharedStore(bool verifyChecksums, S3RetryPolicy retry) =>
        LazyInitializer.EnsureInitialized(
            ref s_sharedStore, () => S3ObjectStore.Create(verifyChecksums: verifyChecksums, retry: retry));

    private static S3RetryPolicy Retry(PostAnnotationSettings settings) => new() { Budget = settings.S3RetryBudget };

    private static async Task<IObjectStore> AssumeRoleStore(
        string roleArn, bool verifyChecksums, S3RetryPolicy retry, CancellationToken cancellationToken)
    {
        var credentials = await S3ObjectStore.AssumeRoleAsync(roleArn, "gtpose-post-annotation", cancellationToken)
            .ConfigureAwait(false);
        return S3ObjectStore.Create(credentials: credentials, verifyChecksums: verifyChecksums, retry: retry);
    }
}
