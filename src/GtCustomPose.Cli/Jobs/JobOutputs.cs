using System.Globalization;
using System.Text;
using System.Text.Json;
using GtCustomPose.Cli.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Simulation;

namespace GtCustomPose.Cli.Jobs;

/// <summary>
/// A finished job's outputs: <c>output.manifest</c> (in the output folder, and in the store at
/// <c>manifests/output/output.manifest</c> as Ground Truth writes it), <c>failures.jsonl</c> (every input line that got
/// no
/// label, with the reason) and <c>summary.json</c>.
/// </summary>
internal sealed class JobOutputs(JobOptions options, JobLayout layout, DateTimeOffset now)
{
    public async Task<JobSummary> WriteAsync(JobManifest manifest, PreAnnotated pre, ConsolidationResult consolidation,
        Dictionary<int, List<(string Worker, string Content)>> answers, CancellationToken cancellationToken)
    {
        var o = options;
        var failures = new List<(int Line, string Reason)>(pre.Failures);
        var creation = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        double agreementSum = 0, oksSum = 0;
        int agreementCount = 0, oksCount = 0, review = 0;
        var output = new StringBuilder();
        var tasks = pre.Tasks.ToDictionary(t => t.Index);
        for (var index = 0; index < manifest.Lines.Count; index++)
        {
            var text = manifest.Lines[index];
            if (pre.Skipped.Contains(index)) { output.Append(text).Append('\n'); continue; }
            if (!tasks.TryGetValue(index, out var task)) continue;
            if (!consolidation.Labels.TryGetValue(index, out var label))
            {
                failures.Add((index + 1, answers.GetValueOrDefault(index) is { Count: > 0 }
                    ? "no usable worker answer: Ground Truth marks the object failed"
                    : "no worker answered: Ground Truth leaves the object out of consolidation and marks it failed"));
                continue;
            }
            output.Append(OutputLine(text, label, creation)).Append('\n');
            if (label.GetProperty("needs_review").GetBoolean()) review++;
            foreach (var r in label.GetProperty("review_reasons").EnumerateArray())
                reasons[r.GetString()!] = reasons.GetValueOrDefault(r.GetString()!) + 1;
            foreach (var i in label.GetProperty("instances").EnumerateArray())
            {
                if (i.TryGetProperty("agreement", out var a)
                    && a.ValueKind == JsonValueKind.Number) { agreementSum += a.GetDouble(); agreementCount++; }
            }
            if (SampleData.Truth(task.Line, o.Rig) is { } truth)
            {
                var predicted = InstanceReader.Read(label, o.Rig, "label", []) ?? [];
                oksSum += Evaluation.MeanOks(truth.Instances, predicted.Select(p => RigArrays.ToArrays(p.Keypoints,
                    o.Rig)).ToList(), o.Rig);
                oksCount++;
            }
        }

        var manifestPath = Path.Combine(o.OutDir, "output.manifest");
        var bytes = new UTF8Encoding(false).GetBytes(output.ToString());
        await File.WriteAllBytesAsync(manifestPath, bytes, cancellationToken).ConfigureAwait(false);
        await o.Store.WriteAsync(layout.OutputManifest, bytes, "application/jsonlines",
            cancellationToken).ConfigureAwait(false);
        var failuresPath = Path.Combine(o.OutDir, "failures.jsonl");
        var failureLines = failures.OrderBy(f => f.Line)
            .Select(f => $"{{\"line\": {f.Line}, \"reason\": {ReadableJson.Quote(f.Reason)}}}");
        await File.WriteAllLinesAsync(failuresPath, failureLines, cancellationToken).ConfigureAwait(false);

        var summary = new JobSummary(o.JobName, manifest.Lines.Count, pre.Tasks.Count, pre.Skipped.Count,
            consolidation.Labels.Count,
            failures.Count, review, answers.Values.Sum(a => a.Count), answers.Values.SelectMany(a => a.Select(x =>
                x.Worker)).Distinct().Count(),
            agreementCount == 0 ? null : Math.Round(agreementSum / agreementCount, 3), oksCount == 0 ? null
                : Math.Round(oksSum / oksCount, 3),
            reasons, manifestPath, Path.Combine(o.OutDir, "tasks"), failuresPath)
        {
            LabelAttribute = o.LabelAttribute,
            JobOutput = layout.JobOutput,
            ConsolidationBatches = consolidation.BatchSizes,
        };
        await File.WriteAllTextAsync(Path.Combine(o.OutDir, "summary.json"),
            JsonSerializer.Serialize(summary, CliJsonContext.Default.JobSummary),
                cancellationToken).ConfigureAwait(false);
        return summary;
    }

    /// <summary>The input line with the label and Ground Truth's <c>-metadata</c> (an earlier label of the same name is
    /// replaced).</summary>
    private string OutputLine(string text, JsonElement label, string creation)
    {
        var metadata = LabelAttributes.Metadata(options.LabelAttribute);
        using var buffer = new MemoryStream();
        using (var w = ReadableJson.Writer(buffer))
        {
            w.WriteStartObject();
            using (var line = JsonDocument.Parse(text))
            {
                foreach (var p in line.RootElement.EnumerateObject())
                    if (p.Name != options.LabelAttribute && p.Name != metadata) p.WriteTo(w);
            }
            w.WritePropertyName(options.LabelAttribute);
            label.WriteTo(w);
            w.WriteStartObject(metadata);
            w.WriteString("type", "groundtruth/custom");
            w.WriteString("job-name", options.JobName);
            w.WriteString("human-annotated", "yes");
            w.WriteString("creation-date", creation);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
