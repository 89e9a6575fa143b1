using System.Text.Json;
using System.Text.Json.Nodes;
using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core.Tests.Workflow;

/// <summary>Level-1 and audit manifest lines for the workflow tests.</summary>
internal static class WorkflowFixtures
{
    public static ConsolidatedLabel Label(
        bool needsReview,
        IReadOnlyList<string>? reasons = null,
        params SkeletonInstance[] skeletons) =>
        new(new ImageSize(1280, 720),
            skeletons.Select(s => new ConsolidatedInstance(
                    s.Name,
                    s.Keypoints.Select(k => new ConsolidatedKeypoint(k.Label, k.X, k.Y, 0.9, 3)).ToArray(),
                    null,
                    0.9,
                    0.9))
                .ToArray(),
            needsReview, reasons ?? (needsReview ? ["low_confidence"] : []), [],
            new ConsolidationInfo(Consolidator.Method, 3, "coco-person-17"));

    public static ConsolidatedLabel Person(bool needsReview = false, double dx = 0) =>
        Label(needsReview, null, Fixtures.Person("skeleton_1", 100, 100, 300, dx));

    /// <summary>
    /// A level-1 output line: source-ref, a pass-through key, the label (when given) and its metadata.
    /// </summary>
    public static string Line(int image, ConsolidatedLabel? label, string job = "level1")
    {
        var line = new JsonObject { ["source-ref"] = $"s3://bucket/images/{image:D5}.png", ["camera"] = "north" };
        if (label is not null)
        {
            line["pose"] = JsonSerializer.SerializeToNode(label, CoreJsonContext.Default.ConsolidatedLabel);
        }
        line["pose-metadata"] = label is null
            ? new JsonObject { ["job-name"] = job, ["failure-reason"] = "no usable worker answer" }
            : new JsonObject { ["type"] = "groundtruth/custom", ["job-name"] = job, ["human-annotated"] = "yes" };
        return line.ToJsonString();
    }

    /// <summary>
    /// The audit job's output line for an audit-manifest line: its label under pose-audit (none when null).
    /// </summary>
    public static string AuditOutput(string auditLine, ConsolidatedLabel? audited, string job = "audit")
    {
        var node = JsonNode.Parse(auditLine)!.AsObject();
        if (audited is not null)
        {
            node["pose-audit"] = JsonSerializer.SerializeToNode(audited, CoreJsonContext.Default.ConsolidatedLabel);
        }
        node["pose-audit-metadata"] = audited is null
            ? new JsonObject { ["job-name"] = job, ["failure-reason"] = "ClientError: no answer" }
            : new JsonObject { ["job-name"] = job };
        return node.ToJsonString();
    }

    /// <summary>An auditor's single-answer label, with the "no changes needed" box as given.</summary>
    public static ConsolidatedLabel Audited(ConsolidatedLabel label, bool noChangesNeeded) => label with
    {
        NeedsReview = false,
        ReviewReasons = [],
        Workers = [new WorkerSummary("auditor", null, false, noChangesNeeded, !noChangesNeeded, 20)],
    };

    public static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static JsonElement Json(string line) => JsonDocument.Parse(line).RootElement.Clone();
}
