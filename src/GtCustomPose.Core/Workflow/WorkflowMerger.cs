using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Exports;

namespace GtCustomPose.Core.Workflow;

/// <summary>
/// Merges the level-1 manifest and the audit job's output into one dataset: every level-1 line exactly once, in input
/// order, pass-through keys kept, with the audited label where the audit produced one and the level-1 label otherwise,
/// and <c>&lt;attribute&gt;-metadata</c> saying whether and why it was audited, whether and how much the auditor
/// changed it, and both job names. A line with no label anywhere goes to the failures with the reason.
/// </summary>
public static class WorkflowMerger
{
    /// <summary>Merges; <paramref name="audit"/> is null when nothing was audited.</summary>
    public static async Task<MergeReport> MergeAsync(
        TextReader level1,
        TextReader? audit,
        TextWriter output,
        TextWriter failures,
        MergeOptions options,
        CancellationToken cancellationToken = default)
    {
        var index = audit is null ? new AuditIndex() : AuditIndex.Read(audit);
        var tally = new Tally();
        string? level1Job = options.Level1JobName, auditJob = options.AuditJobName;
        foreach (var line in ManifestLine.Read(level1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            tally.Objects++;
            if (line.Value is not { } value)
            {
                await Fail(failures, tally, new MergeFailure(line.Number, null, line.Problem!)).ConfigureAwait(false);
                continue;
            }
            var entry = index.Take(line.Number, WorkflowLine.ObjectKey(value));
            level1Job ??= WorkflowLine.JobName(value, options.LabelAttribute);
            if (entry is { } e) auditJob ??= WorkflowLine.JobName(e, options.AuditLabelAttribute);
            var merged = Merge(line.Number, value, entry, options, tally);
            if (merged is null) continue;
            if (merged.Value.Failure is { } failure) { await Fail(
                failures, tally, failure).ConfigureAwait(false); continue; }
            await output.WriteLineAsync(merged.Value.Line).ConfigureAwait(false);
            tally.Written++;
        }
        var residual = ResidualEstimator.Estimate(tally.UnauditedPWrong, tally.Sample);
        var left = tally.Left.OrderByDescending(l => l.PWrong).ThenBy(l => l.Line).ToList();
        return new MergeReport(
            tally.Objects, tally.Written, tally.Failures, tally.Flagged, tally.NoLabel, tally.Sampled, tally.Audited,
            tally.NoChangesNeeded, tally.Changed, tally.ChangedMaterially, Proportion.Of(
                tally.FlaggedChanged, tally.FlaggedAudited),
            Proportion.Of(tally.SampleChanged, tally.SampleAudited), level1Job, auditJob,
            tally.Flagged - tally.FlaggedAudited, residual, left, Math.Round(left.Sum(l => l.PWrong), 2),
            AuditAdvisor.Advise(residual, tally.UnauditedPWrong, tally.Workers.Workers(), tally.Objects,
                tally.Audited, options.TargetError, tally.Relabeled))
        {
            AnswersPerObject = tally.LabeledLevel1 == 0
                ? null : Math.Round((double)tally.Answers / tally.LabeledLevel1, 2),
            Relabeled = tally.Relabeled,
        };
    }

    private static (string? Line, MergeFailure? Failure)? Merge(
        int number, JsonElement line, JsonElement? entry, MergeOptions o, Tally tally)
    {
        var l1 = WorkflowLine.Label(line, o.LabelAttribute, out var l1Problem);
        var hint = entry is { } en ? WorkflowLine.Hint(en) : null;
        var l2 = entry is { } e2 ? WorkflowLine.Label(e2, o.AuditLabelAttribute, out _) : null;
        var selection = hint?.Selection;
        var pWrong = l1 is null ? 0 : AuditRisk.PWrong(line, o.LabelAttribute, l1);
        if (l1 is null) tally.NoLabel++;
        else
        {
            tally.Workers.Add(l1);
            tally.Answers += l1.Consolidation?.WorkerCount ?? 0;
            tally.LabeledLevel1++;
            if (line.TryGetProperty(LabelAttributes.Metadata(o.LabelAttribute), out var m)
                && m.ValueKind == JsonValueKind.Object && m.TryGetProperty(Jobs.JobReconsolidator.PooledJobsKey, out _))
                tally.Relabeled++;
            if (l1.NeedsReview) tally.Flagged++;
            if (l2 is null)
            {
                tally.UnauditedPWrong.Add(pWrong);
                if (l1.NeedsReview) tally.Left.Add(new LeftOut(number, WorkflowLine.SourceRef(line),
                    Math.Round(pWrong, 4)));
            }
        }
        if (selection == AuditSelection.QaSample) tally.Sampled++;

        var audit = new AuditOutcome(Routed: entry is not null, Reasons: hint?.Reasons);
        JsonElement label;
        if (l2 is not null)
        {
            tally.Audited++;
            var noChanges = l2.Workers.Count > 0 && l2.Workers.All(w => w.NoChangesNeeded == true);
            var change = l1 is null ? null
                : noChanges ? new LabelChange(1, false)
                : LabelComparison.Compare(l1, l2, o.Rig);
            var material = change?.Material(o.MaterialOks) ?? true;
            audit = audit with
            {
                Audited = true,
                Confirmed = noChanges && l1 is not null,
                Change = change,
                Material = material,
                Changed = change?.Changed ?? true,
            };
            if (noChanges) tally.NoChangesNeeded++;
            if (audit.Changed) tally.Changed++;
            if (material) tally.ChangedMaterially++;
            if (l1 is { NeedsReview: true }) { tally.FlaggedAudited++; if (material) tally.FlaggedChanged++; }
            if (selection == AuditSelection.QaSample && l1 is not null)
            {
                tally.SampleAudited++;
                if (material) tally.SampleChanged++;
                tally.Sample.Add((pWrong, material));
            }
            label = noChanges && l1 is not null
                ? line.GetProperty(o.LabelAttribute)
                : entry!.Value.GetProperty(o.AuditLabelAttribute);
        }
        else if (l1 is not null)
        {
            label = line.GetProperty(o.LabelAttribute);
        }
        else
        {
            var why = l1Problem ?? WorkflowLine.FailureReason(line, o.LabelAttribute) ?? "the level-1 job returned " +
                                                                                         "no label";
            var auditWhy = entry is { } e3
                ? WorkflowLine.FailureReason(e3, o.AuditLabelAttribute) is { } f ? $"the audit returned none ({f})"
                    : "the audit returned none"
                : "the object was not sent to the audit";
            return (null, new MergeFailure(number, WorkflowLine.SourceRef(line), $"no label: {why}; {auditWhy}"));
        }
        return (Write(line, label, entry, audit, o), null);
    }

    private sealed record AuditOutcome(
        bool Routed,
        IReadOnlyList<string>? Reasons,
        bool Audited = false,
        LabelChange? Change = null,
        bool Changed = false,
        bool Material = false,
        bool Confirmed = false);

    private static string Write(
        JsonElement line, JsonElement label, JsonElement? entry, AuditOutcome audit, MergeOptions o)
    {
        var metadataKey = LabelAttributes.Metadata(o.LabelAttribute);
        var l1Metadata = line.TryGetProperty(metadataKey, out var m) && m.ValueKind == JsonValueKind.Object
            ? m
            : (JsonElement?)null;
        var l2Metadata = entry is { } e
            && e.TryGetProperty(LabelAttributes.Metadata(o.AuditLabelAttribute), out var m2)
            && m2.ValueKind == JsonValueKind.Object
                ? m2
                : (JsonElement?)null;
        // A line the level-1 job failed has metadata without a label; the audit's describes the label written.
        var baseMetadata = line.TryGetProperty(o.LabelAttribute, out var l) && l.ValueKind == JsonValueKind.Object
            ? l1Metadata
            : l2Metadata ?? l1Metadata;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var p in line.EnumerateObject())
                if (p.Name != o.LabelAttribute && p.Name != metadataKey) p.WriteTo(w);
            w.WritePropertyName(o.LabelAttribute);
            if (audit.Confirmed) WriteConfirmed(w, label);
            else label.WriteTo(w);
            w.WriteStartObject(metadataKey);
            string[] ours = [
                "job-name",
                "failure-reason",
                "audited",
                "audit-reasons",
                "audit-job-name",
                "audit-changed",
                "audit-material-change",
                "audit-oks"];
            if (baseMetadata is { } b)
                foreach (var p in b.EnumerateObject())
                    if (!ours.Contains(p.Name)) p.WriteTo(w);
            if ((l1Metadata is { } lm && lm.TryGetProperty("job-name", out var j)
                    ? j.GetString()
                    : o.Level1JobName) is { } job)
                w.WriteString("job-name", job);
            w.WriteBoolean("audited", audit.Audited);
            if (audit.Reasons is { } reasons)
            {
                w.WriteStartArray("audit-reasons");
                foreach (var r in reasons) w.WriteStringValue(r);
                w.WriteEndArray();
            }
            if (audit.Routed
                && (l2Metadata is { } am && am.TryGetProperty("job-name", out var aj)
                    ? aj.GetString()
                    : o.AuditJobName) is { } auditJob)
                w.WriteString("audit-job-name", auditJob);
            if (audit.Audited)
            {
                w.WriteBoolean("audit-changed", audit.Changed);
                w.WriteBoolean("audit-material-change", audit.Material);
                if (audit.Change is { } c) w.WriteNumber("audit-oks", Math.Round(c.Oks, 4));
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static async Task Fail(TextWriter failures, Tally tally, MergeFailure failure)
    {
        tally.Failures++;
        await failures.WriteLineAsync(
            JsonSerializer.Serialize(failure, WorkflowJsonContext.Default.MergeFailure)).ConfigureAwait(false);
    }

    // An auditor who needed no changes confirmed the skeletons, which settles the verdict that sent them to the audit:
    // left set, the exports would leave out exactly the labels an expert has checked.
    private static void WriteConfirmed(Utf8JsonWriter w, JsonElement label)
    {
        w.WriteStartObject();
        foreach (var p in label.EnumerateObject())
        {
            if (p.NameEquals("needs_review")) w.WriteBoolean(p.Name, false);
            else if (p.NameEquals("review_reasons")) { w.WriteStartArray(p.Name); w.WriteEndArray(); }
            else p.WriteTo(w);
        }
        w.WriteEndObject();
    }

    private sealed class Tally
    {
        public int Answers, LabeledLevel1, Relabeled;
        public int Objects, Written, Failures, Flagged, NoLabel, Sampled, Audited, NoChangesNeeded, Changed,
            ChangedMaterially;
        public int FlaggedAudited, FlaggedChanged, SampleAudited, SampleChanged;
        public List<double> UnauditedPWrong { get; } = [];
        public List<(double PWrong, bool Changed)> Sample { get; } = [];
        public List<LeftOut> Left { get; } = [];
        public AuditAdvisor.WorkerTally Workers { get; } = new();
    }

    /// <summary>The audit job's lines by level-1 line number (from the hint), else by object key in order.</summary>
    private sealed class AuditIndex
    {
        private readonly Dictionary<int, JsonElement> _byLine = [];
        private readonly Dictionary<string, Queue<JsonElement>> _byKey = new(StringComparer.Ordinal);

        public static AuditIndex Read(TextReader audit)
        {
            var index = new AuditIndex();
            foreach (var line in ManifestLine.Read(audit))
            {
                if (line.Value is not { } v) continue;
                if (WorkflowLine.Hint(v)?.Line is { } n) index._byLine.TryAdd(n, v);
                else if (WorkflowLine.ObjectKey(v) is { } key)
                {
                    if (!index._byKey.TryGetValue(key, out var q)) index._byKey[key] = q = new Queue<JsonElement>();
                    q.Enqueue(v);
                }
            }
            return index;
        }

        public JsonElement? Take(int number, string? key)
        {
            // The hint's line number is trusted only when the object it names is the same.
            if (_byLine.TryGetValue(number, out var v) && WorkflowLine.ObjectKey(v) == key)
            {
                _byLine.Remove(number);
                return v;
            }
            return key is not null && _byKey.TryGetValue(key, out var q) && q.TryDequeue(out var k) ? k : null;
        }
    }
}
