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
            SharedStore(settings.VerifyChecksums),
            settings.Batch,
            settings.AssumeRole ? (role, ct) => AssumeRoleStore(role, settings.VerifyChecksums, ct) : null,
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

    /// <summary>Consolidates the batch; <paramref name="context"/> supplies the deadline when the Runtime API gave one.</summary>
    /// <exception cref="BatchException">The event or payload is unusable, or the deadline nears.</exception>
    public async Task<Stream> HandleAsync(Stream input, InvocationContext? context, CancellationToken cancellationToken)
    {
        var started = _options.Time.GetUtcNow();
        PostAnnotationRequest request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(input, CoreJsonContext.Default.PostAnnotationRequest, cancellationToken).ConfigureAwait(false)
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
        var consolidator = new BatchConsolidator(_rig, store, _options with { Deadline = deadline, Log = _options.Log ?? Log.Info });
        return (await consolidator.ConsolidateToBufferAsync(request, cancellationToken).ConfigureAwait(false)).Response;
    }

    // HTTPS already authenticates every byte; the SDK's managed hashing of the payload costs more than parsing it.
    private static S3ObjectStore SharedStore(bool verifyChecksums) =>
        LazyInitializer.EnsureInitialized(
            ref s_sharedStore, () => S3ObjectStore.Create(verifyChecksums: verifyChecksums));

    private static async Task<IObjectStore> AssumeRoleStore(
        string roleArn, bool verifyChecksums, CancellationToken cancellationToken)
    {
        var credentials = await S3ObjectStore.AssumeRoleAsync(roleArn, "gtpose-post-annotation", cancellationToken)
            .ConfigureAwait(false);
        return S3ObjectStore.Create(credentials: credentials, verifyChecksums: verifyChecksums);
    }
}
