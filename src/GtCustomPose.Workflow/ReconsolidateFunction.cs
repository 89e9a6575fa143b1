using System.Text.Json.Serialization;
using GtCustomPose.Core;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;
using GtCustomPose.Functions;
using GtCustomPose.LambdaRuntime;

namespace GtCustomPose.Workflow;

/// <summary>
/// ReconsolidateFunction's input. <see cref="Mode"/> absent or <c>job</c>: the whole job in one invocation (docs,
/// workflow). <c>plan</c>, <c>statistics</c>, <c>reduce</c>, <c>labels</c>, <c>assemble</c>: the steps of the
/// Distributed Map fan-out, sharing the job fields; <see cref="Shard"/> is the Map item.
/// <see cref="LinkedJobOutputS3Uris"/>: second-level (re-label) jobs whose answers are pooled with level 1's, in the
/// <c>job</c> mode only.
/// </summary>
public sealed record ReconsolidateRequest(
    string? Mode, string? ManifestS3Uri, string? JobOutputS3Uri, string? LabelAttribute, string? OutputS3Uri,
    int? ShardSize, JobShard? Shard, IReadOnlyList<string>? LinkedJobOutputS3Uris = null);

/// <summary>Source-generated JSON of the function's events: camelCase, as Step Functions passes them; nulls
/// omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ReconsolidateRequest))]
internal sealed partial class ReconsolidateJsonContext : JsonSerializerContext;

/// <summary>
/// Consolidates a finished level-1 job again from its stored worker responses with statistics pooled over the whole job
/// (<see cref="ReconsolidationSteps"/>). Handler:
/// <c>GtCustomPose.Workflow::GtCustomPose.Workflow.ReconsolidateFunction::FunctionHandler</c>. Each mode answers with
/// its own small record, so Map results stay far below Step Functions' limits.
/// </summary>
public sealed class ReconsolidateFunction
{
    private const string Name = "reconsolidate";
    private readonly IObjectStore _store;
    private readonly Rig _rig;
    private readonly ConsolidationOptions _consolidation;

    /// <summary>S3, the rig and the review thresholds from the environment (as PostAnnotation reads them).</summary>
    public ReconsolidateFunction() : this(
        RouteFunction.SharedStore.Value,
        RigSetting.Load(FunctionEnvironment.Process),
        ReviewSettings.Read(FunctionEnvironment.Process))
    {
    }

    /// <summary>Over an explicit store, rig and options (tests).</summary>
    public ReconsolidateFunction(IObjectStore store, Rig rig, ConsolidationOptions? consolidation = null)
    {
        _store = store;
        _rig = rig;
        _consolidation = consolidation ?? ConsolidationOptions.Default;
    }

    /// <summary>Managed-runtime entry.</summary>
    /// <exception cref="WorkflowException">A field is missing or invalid, or S3 fails.</exception>
    public Task<Stream> FunctionHandler(Stream input) => HandleAsync(input, CancellationToken.None);

    /// <summary>As <see cref="FunctionHandler"/>, cancellable.</summary>
    public async Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken)
    {
        var request = await S3Text.ReadEventAsync(
            input, ReconsolidateJsonContext.Default.ReconsolidateRequest, Name).ConfigureAwait(false);
        var manifest = S3Text.Uri(request.ManifestS3Uri, "manifestS3Uri", Name);
        var output = S3Text.Uri(request.OutputS3Uri, "outputS3Uri", Name);
        var layout = Layout(request.JobOutputS3Uri, "jobOutputS3Uri");
        var linked = (request.LinkedJobOutputS3Uris ?? []).Select(u => Layout(u, "linkedJobOutputS3Uris")).ToList();
        var mode = request.Mode ?? "job";
        if (linked.Count > 0 && mode != "job") throw new WorkflowException(
            $"{Name}: 'linkedJobOutputS3Uris' needs mode 'job' (pooled jobs are re-consolidated in one invocation), " +
            $"not '{mode}'");
        var options = new ReconsolidationOptions
        {
            LabelAttribute = request.LabelAttribute ?? LabelAttributes.Default,
            Consolidation = _consolidation,
            Log = line => Log.Info($"{Name}: {line}"),
        };
        var work = ReconsolidationSteps.WorkFolder(output);
        var context = Core.Jobs.JobsJsonContext.Default;
        try
        {
            var responses = await PooledResponseSource.OpenAsync(
                _store, layout, linked, _rig, options, cancellationToken).ConfigureAwait(false);
            var steps = new ReconsolidationSteps(_store, new JobReconsolidator(responses, layout, _rig, options));
            var response = mode switch
            {
                "job" => S3Text.Response(
                    await steps.WholeJobAsync(manifest, output, cancellationToken).ConfigureAwait(false),
                    context.ReconsolidatedJob),
                "plan" => S3Text.Response(
                    await steps.PlanAsync(manifest, work, request.ShardSize ?? 2000, cancellationToken)
                        .ConfigureAwait(false),
                    context.ShardPlan),
                "statistics" => S3Text.Response(
                    await steps.StatisticsAsync(work, Shard(request), cancellationToken).ConfigureAwait(false),
                    context.ShardStatistics),
                "reduce" => S3Text.Response(
                    await steps.ReduceAsync(work, cancellationToken).ConfigureAwait(false),
                    context.ReducedStatistics),
                "labels" => S3Text.Response(
                    await steps.LabelsAsync(manifest, work, Shard(request), cancellationToken).ConfigureAwait(false),
                    context.ShardLabels),
                "assemble" => S3Text.Response(
                    await steps.AssembleAsync(work, output, cancellationToken).ConfigureAwait(false),
                    context.ReconsolidatedJob),
                var other => throw new WorkflowException(
                    $"{Name}: 'mode' is '{other}', expected job, plan, statistics, reduce, labels or assemble"),
            };
            return response;
        }
        catch (ObjectStoreException e) { throw new WorkflowException($"{Name}: {e.Message}", e); }
        catch (JobStepException e) { throw new WorkflowException($"{Name}: {e.Message}", e); }
        catch (JobLinkException e) { throw new WorkflowException($"{Name}: {e.Message}", e); }
    }

    private static JobOutputLayout Layout(string? uri, string field)
    {
        try { return JobOutputLayout.Parse(uri ?? ""); }
        catch (FormatException e) { throw new WorkflowException($"{Name}: '{field}': {e.Message}", e); }
    }

    private static JobShard Shard(ReconsolidateRequest request) =>
        request.Shard is { Shard: >= 0, FirstLine: >= 0, LineCount: >= 1 } s ? s
            : throw new WorkflowException(
                $"{Name}: mode '{request.Mode}' needs 'shard': {{\"shard\", \"firstLine\", \"lineCount\"}} (the Map " +
                $"item)");
}
