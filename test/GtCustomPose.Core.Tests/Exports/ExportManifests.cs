using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core.Tests.Exports;

/// <summary>Output manifest lines written the way PostAnnotation writes labels (CoreJsonContext).</summary>
internal static class ExportManifests
{
    public static ConsolidatedKeypoint Point(string label, double x, double y, bool? visible = null) =>
        new(label, x, y, 0.9, 3, visible);

    public static ConsolidatedLabel Label(bool needsReview, ImageSize? size, params ConsolidatedInstance[] instances) =>
        new(
            size,
            instances,
            needsReview,
            needsReview ? ["low_confidence"] : [],
            [],
            new ConsolidationInfo("test", 3, "coco-person-17"));

    public static ConsolidatedInstance Person(string name, params ConsolidatedKeypoint[] points) =>
        new(name, points, null, 0.9, 0.9);

    public static string Line(string sourceRef, ConsolidatedLabel label, string attribute = "pose") =>
        $"{{\"source-ref\":{JsonSerializer.Serialize(sourceRef, CoreJsonContext.Default.String)},"
        + $"\"{attribute}\":{JsonSerializer.Serialize(label, CoreJsonContext.Default.ConsolidatedLabel)},"
        + $"\"{attribute}-metadata\":{{\"job-name\":\"j\"}}}}";

    public static MemoryStream Manifest(params string[] lines) =>
        new(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
}
