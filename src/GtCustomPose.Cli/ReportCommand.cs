using System.CommandLine;
using System.Text.Json;
using GtCustomPose.Core.Exports;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Cli;

/// <summary><c>gtpose report</c>: worker quality and label statistics as one HTML page (and JSON for
/// scripts).</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var manifest = SharedOptions.Manifest();
        var attribute = SharedOptions.LabelAttribute();
        var outFile = new Option<FileInfo>("--out")
        {
            Description = "HTML page to write, e.g. report.html.",
            Required = true,
        };
        var json = new Option<FileInfo?>("--json")
        {
            Description = "Also write the same figures as JSON to this file.",
        };
        var rig = SharedOptions.Rig();
        var store = SharedOptions.Store();
        var endpoint = SharedOptions.Endpoint();
        var report = new Command(
            "report", "Worker quality and label statistics of an output manifest: one self-contained HTML page.")
            { manifest, attribute, outFile, json, rig, store, endpoint };
        report.SetAction((result, cancellationToken) => CliErrors.RunAsync(async () =>
        {
            var theRig = RigFiles.Load(result.GetValue(rig));
            var problems = new ProblemLog();
            var source = result.GetValue(manifest)!;
            JobReportData data;
            LabelReader labels;
            await using (var input = await ManifestInput.OpenAsync(
                source, Stores.OpenOrNull(
                    result.GetValue(store), result.GetValue(endpoint)), cancellationToken))
            {
                labels = new LabelReader(input, result.GetValue(attribute)!, problems) { ExpectedRig = theRig.Name };
                data = JobReport.Build(labels, theRig);
            }
            if (labels.AttributeAbsent) throw new UserError(labels.AttributeAbsentMessage());
            var counts = await ReadSummaryAsync(
                source, Stores.OpenOrNull(result.GetValue(store), result.GetValue(endpoint)), cancellationToken);
            if (counts is not null && counts.Labeled != data.Objects)
            {
                // Written by another run than the manifest's (the manifest was replaced since).
                Console.Error.WriteLine(
                    $"{ReconsolidationSummary.PathOf(source)}: counts for {counts.Labeled} labels, the manifest has " +
                    $"{data.Objects}: not shown");
                counts = null;
            }
            data = data with { Answers = counts?.Answers };
            ExportSummaries.PrintProblems(problems);
            var page = result.GetValue(outFile)!.FullName;
            var name = source[(source.LastIndexOfAny(['/', '\\']) + 1)..];
            await File.WriteAllTextAsync(
                page, ReportPage.Build(data, $"Job report: {name} ({data.LabelAttribute})"), cancellationToken);
            if (result.GetValue(json) is { } jsonFile)
                await File.WriteAllTextAsync(
                    jsonFile.FullName,
                    JsonSerializer.Serialize(data, ReportJsonContext.Default.JobReportData),
                    cancellationToken);
            Console.WriteLine($"{data.Objects} objects ({data.NeedsReview} need review), {data.Workers.Count} " +
                              $"workers: {page}"
                + (result.GetValue(json) is { } j ? $" and {j.FullName}" : "")
                + $"; {ExportSummaries.Summary(labels, problems)}");
            if (counts is not null)
                Console.WriteLine($"answer counts from {ReconsolidationSummary.PathOf(source)}");
            if (data.Workers.Count > 0)
            {
                var c = System.Globalization.CultureInfo.InvariantCulture;
                var first = data.Workers.Take(3).Select(w =>
                    $"{w.WorkerId} (agreement {w.MeanAgreement?.ToString("0.00", c) ?? "n/a"})");
                Console.WriteLine($"look first at {string.Join(", ", first)}");
            }
            return 0;
        }));
        return report;
    }

    /// <summary>The re-consolidation's counts saved beside the manifest; null when there are none.</summary>
    private static async Task<ReconsolidationSummary?> ReadSummaryAsync(
        string manifest, IObjectStore? store, CancellationToken cancellationToken)
    {
        var path = ReconsolidationSummary.PathOf(manifest);
        Stream stream;
        if (S3Uri.TryParse(path, out var uri))
        {
            try { stream = await (store ?? Stores.Open(null, null)).OpenReadAsync(uri, cancellationToken); }
            catch (ObjectStoreException e)
                when (!e.Transient && e.Reason.StartsWith("NoSuchKey", StringComparison.Ordinal))
            {
                return null;
            }
        }
        else if (File.Exists(path)) stream = File.OpenRead(path);
        else return null;
        await using (stream)
        {
            try
            {
                var summary = await JsonSerializer.DeserializeAsync(
                    stream, JobsJsonContext.Default.ReconsolidationSummary, cancellationToken);
                return summary is { Answers.Lost: not null } ? summary
                    : throw new JsonException("no 'answers' with 'lost'");
            }
            catch (JsonException e)
            {
                throw new UserError($"{path}: not a re-consolidation summary: {e.Message}");
            }
        }
    }
}
