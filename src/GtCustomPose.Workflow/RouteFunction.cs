using GtCustomPose.Core;
using GtCustomPose.Core.Storage;
using GtCustomPose.Core.Workflow;
using GtCustomPose.LambdaRuntime;
using GtCustomPose.Storage;

namespace GtCustomPose.Workflow;

/// <summary>
/// Chooses what goes to the audit job (<see cref="AuditRouter"/>): reads the level-1 manifest from S3, writes the audit
/// manifest. Handler: <c>GtCustomPose.Workflow::GtCustomPose.Workflow.RouteFunction::FunctionHandler</c>.
/// </summary>
public sealed class RouteFunction
{
    private const string Name = "route";
    private readonly IObjectStore _store;

    /// <summary>S3 from the environment; Lambda calls this once per execution environment.</summary>
    public RouteFunction() : this(SharedStore.Value)
    {
    }

    /// <summary>Over an explicit store (tests, the CLI).</summary>
    public RouteFunction(IObjectStore store) => _store = store;

    internal static Lazy<IObjectStore> SharedStore { get; } = new(() => S3ObjectStore.Create());

    /// <summary>Managed-runtime entry: <c>{"manifestS3Uri","labelAttribute","sampleRate","seed","outputS3Uri",
    /// "maxAuditShare","secondLevel","auditShare","targetError","maxRelabelShare"}</c> in
    /// (<see cref="RouteRequest"/>), counts out.</summary>
    /// <exception cref="WorkflowException">A field is missing or invalid, or S3 fails.</exception>
    public Task<Stream> FunctionHandler(Stream input) => HandleAsync(input, CancellationToken.None);

    /// <summary>As <see cref="FunctionHandler"/>, cancellable.</summary>
    public async Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken)
    {
        var request = await S3Text.ReadEventAsync(
            input, WorkflowFunctionJsonContext.Default.RouteRequest, Name).ConfigureAwait(false);
        var manifest = S3Text.Uri(request.ManifestS3Uri, "manifestS3Uri", Name);
        var output = S3Text.Uri(request.OutputS3Uri, "outputS3Uri", Name);
        var options = new RouteOptions
        {
            LabelAttribute = request.LabelAttribute ?? LabelAttributes.Default,
            SampleRate = Share(request.SampleRate, RouteOptions.DefaultSampleRate, "sampleRate"),
            MaxAuditShare = Share(request.MaxAuditShare, RouteOptions.DefaultMaxAuditShare, "maxAuditShare"),
            Seed = request.Seed ?? 1,
        };

        var level = request.SecondLevel ?? "audit";
        if (level is not ("audit" or "relabel-audit" or "auto" or "relabel" or "relabel-if-needed"))
            throw new WorkflowException($"{Name}: 'secondLevel' is '{level}', expected audit, relabel, " +
                "relabel-audit, auto or relabel-if-needed");
        // Checked before anything is read: only the auto level's first route reads them.
        var auditShare = Share(request.AuditShare, RouteOptions.DefaultMaxAuditShare, "auditShare");
        var target = Share(request.TargetError, AuditAdvisor.DefaultTargetError, "targetError");
        var maxRelabel = Share(request.MaxRelabelShare, RouteOptions.DefaultMaxRelabelShare, "maxRelabelShare");
        if (level == "relabel-if-needed" && maxRelabel < options.MaxAuditShare)
            throw new WorkflowException($"{Name}: 'maxRelabelShare' is {maxRelabel}, below the least share " +
                $"re-labeled ('maxAuditShare', {options.MaxAuditShare})");
        var (buffer, writer) = S3Text.Buffer();
        RouteSummary summary;
        using (var reader = await S3Text.OpenAsync(_store, manifest, Name, cancellationToken).ConfigureAwait(false))
        await using (writer.ConfigureAwait(false))
            summary = level switch
            {
                "relabel" => await RelabelLines.RouteAsync(reader, writer, options, cancellationToken)
                    .ConfigureAwait(false),
                "relabel-if-needed" => await RouteIfNeededAsync(
                    reader, writer, options, auditShare, target, maxRelabel, cancellationToken)
                    .ConfigureAwait(false),
                // relabel-audit and auto reach this route once the re-label job is pooled (or was not needed).
                _ => await AuditRouter.RouteAsync(reader, writer, options, cancellationToken).ConfigureAwait(false),
            };
        await S3Text.WriteAsync(
            _store, output, buffer, "application/jsonlines", Name, cancellationToken).ConfigureAwait(false);
        foreach (var p in summary.Problems.Take(20)) Log.Info($"route: {p}");
        Log.Info(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"route: {summary.Selected} of {summary.Objects} objects to the audit ({summary.Flagged} flagged, " +
            $"{summary.NoLabel} without a label, {summary.Sampled} sampled; budget {summary.Budget}; " +
            $"{summary.OverBudget} flagged over it, p_wrong expects {summary.OverBudgetExpectedWrong:F1} wrong)"));
        if (summary.SampleShortfall is { } shortfall) Log.Info($"route: {shortfall}");
        foreach (var left in (summary.Left ?? []).Take(20))
            Log.Info(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"route: over the budget: line {left.Line} {left.SourceRef} p_wrong {left.PWrong:F2}"));
        return S3Text.Response(
            new RouteResponse(
                output.ToString(),
                summary.Objects,
                summary.Selected,
                summary.Flagged,
                summary.NoLabel,
                summary.Sampled,
                summary.OverBudget,
                summary.Budget,
                summary.OverBudgetExpectedWrong),
            WorkflowFunctionJsonContext.Default.RouteResponse);
    }

    private static async Task<RouteSummary> RouteIfNeededAsync(TextReader reader, TextWriter writer,
        RouteOptions options, double auditShare, double target, double maxShare, CancellationToken cancellationToken)
    {
        var (summary, choice) = await AutoSecondLevel.RouteAsync(
            reader, writer, options, auditShare, target, maxShare, cancellationToken).ConfigureAwait(false);
        Log.Info($"route: second level auto: {choice.Reason}");
        return summary;
    }

    /// <summary>A share or rate of the event, 0 to 1, or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="WorkflowException">Outside 0 to 1: the message names the field.</exception>
    private static double Share(double? value, double fallback, string field)
    {
        var share = value ?? fallback;
        return share is >= 0 and <= 1 ? share
            : throw new WorkflowException($"{Name}: '{field}' is {share}, expected a number from 0 to 1");
    }
}
