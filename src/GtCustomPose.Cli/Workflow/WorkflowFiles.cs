using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Workflow;

namespace GtCustomPose.Cli.Workflow;

/// <summary>Where merge writes: the final manifest, failures.jsonl and report.json.</summary>
internal sealed record MergePaths(string Output, string Failures, string Report)
{
    /// <summary>The failures and the report beside the final manifest unless given.</summary>
    public static MergePaths Beside(string output, string? failures = null, string? report = null)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(output))!;
        return new(output, failures ?? Path.Combine(dir, "failures.jsonl"), report ?? Path.Combine(dir, "report.json"));
    }
}

/// <summary>Route and merge between files, as <c>workflow route|merge</c> and the local workflow run them.</summary>
internal static class WorkflowFiles
{
    public static async Task<RouteSummary> RouteAsync(
        string manifest, string output, RouteOptions options, bool relabel, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(manifest);
        await using var writer = new StreamWriter(output, false, new UTF8Encoding(false));
        var summary = await (relabel
            ? RelabelLines.RouteAsync(reader, writer, options, cancellationToken)
            : AuditRouter.RouteAsync(reader, writer, options, cancellationToken));
        foreach (var p in summary.Problems) await Console.Error.WriteLineAsync($"warning: {p}");
        return summary;
    }

    public static async Task<MergeReport> MergeAsync(
        string manifest, string? audit, MergePaths paths, MergeOptions options, CancellationToken cancellationToken)
    {
        using var level1 = new StreamReader(manifest);
        using var auditReader = audit is null ? null : new StreamReader(audit);
        MergeReport report;
        await using (var output = new StreamWriter(paths.Output, false, new UTF8Encoding(false)))
        await using (var failures = new StreamWriter(paths.Failures, false, new UTF8Encoding(false)))
            report = await WorkflowMerger.MergeAsync(level1, auditReader, output, failures, options, cancellationToken);
        await File.WriteAllTextAsync(
            paths.Report,
            JsonSerializer.Serialize(report, WorkflowJsonContext.Default.MergeReport) + "\n",
            cancellationToken);
        return report;
    }
}
