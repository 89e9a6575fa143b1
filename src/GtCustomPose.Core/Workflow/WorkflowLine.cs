using System.Text.Json;
using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core.Workflow;

/// <summary>Reading the parts of a manifest line the workflow steps need.</summary>
internal static class WorkflowLine
{
    /// <summary>
    /// What names the object across jobs: its <c>source-ref</c>, else its inline <c>source</c>, else null (the line
    /// number then stands in).
    /// </summary>
    public static string? ObjectKey(JsonElement line)
    {
        if (line.TryGetProperty("source-ref", out var r) && r.ValueKind == JsonValueKind.String) return r.GetString();
        if (line.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String)
            return "source:" + s.GetString();
        return null;
    }

    /// <summary>The line's <c>source-ref</c>, when it has one.</summary>
    public static string? SourceRef(JsonElement line) =>
        line.TryGetProperty("source-ref", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;

    /// <summary>The object as messages name it: line number and source-ref when it has one.</summary>
    public static string Describe(int number, JsonElement? line) =>
        line is { } l && l.TryGetProperty("source-ref", out var r) && r.ValueKind == JsonValueKind.String
            ? $"line {number} ({r.GetString()})" : $"line {number}";

    /// <summary>
    /// The label under <paramref name="attribute"/>: null without a problem when the line has none (the job failed the
    /// object); null with a problem when the value is not a label.
    /// </summary>
    public static ConsolidatedLabel? Label(JsonElement line, string attribute, out string? problem)
    {
        problem = null;
        if (!line.TryGetProperty(attribute, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("instances", out var i)
            || i.ValueKind != JsonValueKind.Array)
        {
            problem = $"'{attribute}' is not a label (an object with 'instances')";
            return null;
        }
        try
        {
            var label = value.Deserialize(CoreJsonContext.Default.ConsolidatedLabel);
            if (label?.Instances is null || label.Instances.Any(x => x?.Keypoints is null || x.Name is null))
            {
                problem = $"'{attribute}' has a skeleton without a name or keypoints";
                return null;
            }
            return label with { ReviewReasons = label.ReviewReasons ?? [], Workers = label.Workers ?? [] };
        }
        catch (JsonException e)
        {
            problem = $"'{attribute}' is not a label: {e.Message}";
            return null;
        }
    }

    /// <summary>The <c>job-name</c> in <c>&lt;attribute&gt;-metadata</c>, when present.</summary>
    public static string? JobName(JsonElement line, string attribute) =>
        line.TryGetProperty(LabelAttributes.Metadata(attribute), out var m) && m.ValueKind == JsonValueKind.Object
        && m.TryGetProperty("job-name", out var j) && j.ValueKind == JsonValueKind.String ? j.GetString() : null;

    /// <summary>The <c>failure-reason</c> in <c>&lt;attribute&gt;-metadata</c>, when present.</summary>
    public static string? FailureReason(JsonElement line, string attribute) =>
        line.TryGetProperty(LabelAttributes.Metadata(attribute), out var m) && m.ValueKind == JsonValueKind.Object
        && m.TryGetProperty("failure-reason", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;

    /// <summary>The line's <c>gtpose-audit</c> hint, null when absent or unreadable.</summary>
    public static AuditHint? Hint(JsonElement line)
    {
        if (!line.TryGetProperty(AuditHint.Key, out var h) || h.ValueKind != JsonValueKind.Object) return null;
        try
        {
            var hint = h.Deserialize(WorkflowJsonContext.Default.AuditHint);
            return hint?.Reasons is null ? null : hint with { Doubtful = hint.Doubtful ?? [] };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
