using GtCustomPose.Core;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;
using GtCustomPose.Core.Workflow;
using GtCustomPose.LambdaRuntime;

namespace GtCustomPose.Workflow;

/// <summary>
/// Merges level 1 and the audit into the final manifest (<see cref="WorkflowMerger"/>), with failures.jsonl and
/// report.json beside it. Handler: <c>GtCustomPose.Workflow::GtCustomPose.Workflow.MergeFunction::FunctionHandler</c>.
/// </summary>
public sealed class MergeFunction
{
    private const string Name = "merge";
    private readonly IObjectStore _store;
    private readonly Rig _rig;

    /// <summary>S3 and the rig from the environment (<c>GTPOSE_RIG_FILE</c>); Lambda calls this once per execution
    /// environment.</summary>
    public MergeFunction() : this(
        RouteFunction.SharedStore.Value, Functions.RigSetting.Load(FunctionEnvironment.Process))
    {
    }

    /// <summary>Over an explicit store and rig (tests, the CLI).</summary>
    public MergeFunction(IObjectStore store, Rig rig)
    {
        _store = store;
        _rig = rig;
    }

    /// <summary>Managed-runtime entry: the CONTRACTS merge event in, the report's summary out.</summary>
    /// <exception cref="WorkflowException">A field is missing or invalid, or S3 fails.</exception>
    public Task<Stream> FunctionHandler(Stream input) => HandleAsync(input, CancellationToken.None);

    /// <summary>As <see cref="FunctionHandler"/>, cancellable.</summary>
    public async Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken)
    {
        var request = await S3Text.ReadEventAsync(
            input, WorkflowFunctionJsonContext.Default.MergeRequest, Name).ConfigureAwait(false);
        var manifest = S3Text.Uri(request.ManifestS3Uri, "manifestS3Uri", Name);
        S3Uri? audit = string.IsNullOrEmpty(request.AuditManifestS3Uri) ? null
            : S3Text.Uri(request.AuditManifestS3Uri, "auditManifestS3Uri", Name);
        var output = S3Text.Uri(request.OutputS3Uri, "outputS3Uri", Name);
        var report = request.ReportS3Uri is null ? Beside(output, "report.json")
            : S3Text.Uri(request.ReportS3Uri, "reportS3Uri", Name);
        var failures = request.FailuresS3Uri is null ? Beside(output, "failures.jsonl")
            : S3Text.Uri(request.FailuresS3Uri, "failuresS3Uri", Name);
        var options = new MergeOptions
        {
            LabelAttribute = request.LabelAttribute ?? LabelAttributes.Default,
            AuditLabelAttribute = request.AuditLabelAttribute
                ?? LabelAttributes.Audit(request.LabelAttribute ?? LabelAttributes.Default),
            Rig = _rig,
            TargetError = request.TargetError ?? AuditAdvisor.DefaultTargetError,
        };
        if (options.TargetError is not (>= 0 and <= 1)) throw new WorkflowException(
            $"{Name}: 'targetError' is {options.TargetError}, expected a number from 0 to 1");

        var (outBuffer, outWriter) = S3Text.Buffer();
        var (failBuffer, failWriter) = S3Text.Buffer();
        MergeReport merged;
        using (var level1 = await S3Text.OpenAsync(_store, manifest, Name, cancellationToken).ConfigureAwait(false))
        using (var auditReader = audit is { } a ? await S3Text.OpenAsync(
            _store, a, Name, cancellationToken).ConfigureAwait(false) : null)
        await using (outWriter.ConfigureAwait(false))
        await using (failWriter.ConfigureAwait(false))
            merged = await WorkflowMerger.MergeAsync(
                level1, auditReader, outWriter, failWriter, options, cancellationToken).ConfigureAwait(false);
        await S3Text.WriteAsync(
            _store, output, outBuffer, "application/jsonlines", Name, cancellationToken).ConfigureAwait(false);
        await S3Text.WriteAsync(
            _store, failures, failBuffer, "application/jsonlines", Name, cancellationToken).ConfigureAwait(false);
        var reportBuffer = new MemoryStream();
        await System.Text.Json.JsonSerializer.SerializeAsync(
            reportBuffer, merged, WorkflowJsonContext.Default.MergeReport, cancellationToken).ConfigureAwait(false);
        await S3Text.WriteAsync(
            _store, report, reportBuffer, "application/json", Name, cancellationToken).ConfigureAwait(false);
        Log.Info(
            $"merge: {merged.Objects} objects, {merged.Written} written, {merged.Failures} failed, {merged.Audited} " +
            $"audited, {merged.ChangedMaterially} changed materially");
        return S3Text.Response(
            new MergeResponse(
                output.ToString(), report.ToString(), failures.ToString(), merged.Objects, merged.Written,
                merged.Failures, merged.Flagged, merged.NoLabel, merged.Sampled, merged.Audited, merged.Changed,
                merged.ChangedMaterially, merged.VerdictPrecision, merged.ResidualErrorEstimate, merged.Level1Job,
                merged.AuditJob, merged.FlaggedUnaudited, merged.Residual, merged.LeftOutExpectedWrong,
                merged.Advice)
            {
                Relabeled = merged.Relabeled,
                AnswersPerObject = merged.AnswersPerObject,
            },
            WorkflowFunctionJsonContext.Default.MergeResponse);
    }

    private static S3Uri Beside(S3Uri uri, string name)
    {
        var slash = uri.Key.LastIndexOf('/');
        return uri with { Key = (slash < 0 ? "" : uri.Key[..(slash + 1)]) + name };
    }
}
