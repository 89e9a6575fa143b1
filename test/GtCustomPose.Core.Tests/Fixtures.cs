using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Tests;

internal static class Fixtures
{
    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", name));

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>A crowd-2d-skeleton form answer with the given skeletons.</summary>
    public static string SkeletonAnswer(params SkeletonInstance[] instances)
    {
        var updated = JsonSerializer.Serialize(instances.Select(i => new
        {
            name = i.Name,
            annotations = i.Keypoints.Select(k => new { label = k.Label, x = k.X, y = k.Y }),
        }).ToArray(), Options);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["updated_annotations"] = updated,
            ["original_annotations"] = "[]",
            ["no_changes_needed"] = false,
            ["total_time_in_seconds"] = 30,
        }, Options);
    }

    /// <summary>
    /// A skeleton list exactly as our worker page's <c>JSON.stringify</c> writes it (CONTRACTS: name, facing,
    /// annotations; label, x, y, visible; no whitespace).
    /// </summary>
    public static string PageList(params SkeletonInstance[] instances)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder("[");
        foreach (var i in instances)
        {
            if (text.Length > 1) text.Append(',');
            text.Append(
                c,
                $$"""{"name":"{{i.Name}}","facing":"{{i.Facing.ToString().ToLowerInvariant()}}","annotations":[""");
            text.AppendJoin(',', i.Keypoints.Select(k =>
            {
                var visible = k.Visible != false ? "true" : "false";
                return string.Create(
                    c,
                    $$"""{"label":"{{k.Label}}","x":{{k.X}},"y":{{k.Y}},"visible":{{visible}}}""");
            }));
            text.Append("]}");
        }
        return text.Append(']').ToString();
    }

    /// <summary>A crowd-2d-skeleton form answer whose <c>updated_annotations</c> is the given text.</summary>
    public static string FormAnswer(string updated) =>
        JsonSerializer.Serialize(
            new Dictionary<string, object> { ["updated_annotations"] = updated, ["original_annotations"] = "[]" },
            Options);

    public static WorkerAnswer Answer(string worker, params SkeletonInstance[] instances) =>
        AnswerParser.Parse(worker, SkeletonAnswer(instances), Rig.Coco17);

    /// <summary>The COCO-17 label of the answers, with the default consolidation settings.</summary>
    public static ConsolidatedLabel Consolidate(params WorkerAnswer[] answers) =>
        Consolidator.Consolidate(answers, Rig.Coco17)!;

    /// <summary>The instance's consolidated keypoint of one rig label.</summary>
    public static ConsolidatedKeypoint Point(ConsolidatedInstance instance, string label) =>
        instance.Keypoints.Single(k => k.Label == label);

    /// <summary>The label as the post-annotation function writes it.</summary>
    public static string Serialize(ConsolidatedLabel label) =>
        JsonSerializer.Serialize(label, CoreJsonContext.Default.ConsolidatedLabel);

    /// <summary>
    /// A COCO person (facing the camera, its left at larger x) of the given height with its top-left at (left, top).
    /// </summary>
    public static SkeletonInstance Person(
        string name,
        double left,
        double top,
        double height = 300,
        double dx = 0,
        double dy = 0)
    {
        var template = new (string Label, double X, double Y)[]
        {
            ("nose", 0, 0.07),
            ("left_eye", 0.025, 0.055), ("right_eye", -0.025, 0.055),
            ("left_ear", 0.05, 0.065), ("right_ear", -0.05, 0.065),
            ("left_shoulder", 0.11, 0.19), ("right_shoulder", -0.11, 0.19),
            ("left_elbow", 0.14, 0.33), ("right_elbow", -0.14, 0.33),
            ("left_wrist", 0.15, 0.46), ("right_wrist", -0.15, 0.46),
            ("left_hip", 0.07, 0.5), ("right_hip", -0.07, 0.5),
            ("left_knee", 0.08, 0.72), ("right_knee", -0.08, 0.72),
            ("left_ankle", 0.08, 0.95), ("right_ankle", -0.08, 0.95),
        };
        return new SkeletonInstance(
            name,
            template.Select(t => new Keypoint(
                    t.Label,
                    Math.Round(left + 0.2 * height + t.X * height + dx),
                    Math.Round(top + t.Y * height + dy)))
                .ToArray());
    }

    /// <summary>Left and right labels exchanged.</summary>
    public static SkeletonInstance Mirrored(SkeletonInstance s) => s with
    {
        Keypoints = s.Keypoints.Select(k => k with
        {
            Label = k.Label.StartsWith("left_", StringComparison.Ordinal) ? "right_" + k.Label[5..]
                : k.Label.StartsWith("right_", StringComparison.Ordinal) ? "left_" + k.Label[6..]
                : k.Label,
        }).ToArray(),
    };

    public static SkeletonInstance Moved(SkeletonInstance s, Func<Keypoint, Keypoint> move) =>
        s with { Keypoints = s.Keypoints.Select(move).ToArray() };

    private static readonly JsonSerializerOptions Options = new()
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
}
