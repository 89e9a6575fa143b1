using System.Text.Json;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Pre;

/// <summary>
/// Maps a pre-annotation event (<c>{"version", "labelingJobArn", "dataObject"}</c>) to the worker template's task
/// input.
/// Any <c>version</c> is accepted. Initial values come from the line's <c>annotations</c> pre-labels, else from the
/// chained
/// job's label attribute, else none.
/// </summary>
public static class PreAnnotationMapper
{
    /// <summary>The manifest line key of an audit job's hints (written by <c>gtpose workflow route</c>).</summary>
    public const string AuditKey = "gtpose-audit";

    /// <summary>Maps one event.</summary>
    /// <exception cref="DataObjectException">The event or its data object is unusable; the message names the job, the
    /// object's keys and the field.</exception>
    public static PreAnnotationResponse Map(JsonElement request, PreAnnotationSettings settings)
    {
        try
        {
            return MapEvent(request, settings);
        }
        catch (InvalidOperationException e)
        {
            // Valid JSON may still escape half a UTF-16 surrogate pair (\ud800), which no .NET string can hold.
            throw new DataObjectException($"the pre-annotation event has text that is not valid Unicode: {e.Message}");
        }
    }

    private static PreAnnotationResponse MapEvent(JsonElement request, PreAnnotationSettings settings)
    {
        var job = request.ValueKind == JsonValueKind.Object
            && request.TryGetProperty("labelingJobArn", out var arn)
            && arn.ValueKind == JsonValueKind.String
            ? arn.GetString()! : "(no labelingJobArn)";
        if (request.ValueKind != JsonValueKind.Object
            || !request.TryGetProperty("dataObject", out var line)
            || line.ValueKind != JsonValueKind.Object)
            throw new DataObjectException($"labeling job {job}: the event has no 'dataObject' object");
        var keys = string.Join(", ", line.EnumerateObject().Select(p => p.Name).Take(20));
        string? imageUri = null, imageSource = null;
        if (line.TryGetProperty("source-ref", out var sourceRef))
        {
            if (sourceRef.ValueKind != JsonValueKind.String || !Storage.S3Uri.TryParse(sourceRef.GetString(), out _))
                throw new DataObjectException(
                    $"labeling job {job}: data object 'source-ref' is " +
                    $"{InstanceReader.Shorten(sourceRef.GetRawText())}, expected an s3://bucket/key string (keys: " +
                    $"{keys})");
            imageUri = sourceRef.GetString();
        }
        else if (line.TryGetProperty("source", out var source)
            && source.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(source.GetString()))
        {
            imageSource = source.GetString();
        }
        else
        {
            throw new DataObjectException(
                $"labeling job {job}: data object has no image: expected 'source-ref' (an S3 URI) or 'source' (keys: " +
                $"{(keys.Length == 0 ? "none" : keys)})");
        }
        var name = imageUri ?? "inline";
        var where = $"labeling job {job}, data object {InstanceReader.Shorten(imageUri ?? imageSource!)}";

        var rig = settings.Rig;
        IReadOnlyList<InitialValue> initial = [];
        var origin = "none";
        var humanRequired = true;
        // A re-label job's workers answer independently: neither pre-labels nor the level-1 label are shown, or the
        // pooled answers would not be independent of the label they are meant to check.
        if (IsRelabel(line)) { }
        else if (line.TryGetProperty("annotations", out var pre) && pre.ValueKind != JsonValueKind.Null)
        {
            initial = ReadInitial(pre, rig, "annotations", where);
            origin = "pre-labels";
        }
        else if (settings.ChainedLabelAttribute is { } attribute
            && line.TryGetProperty(attribute, out var chained)
            && chained.ValueKind != JsonValueKind.Null)
        {
            initial = ReadInitial(chained, rig, attribute, where);
            origin = "chained-label";
            if (settings.OnlyObjectsNeedingReview
                && chained.ValueKind == JsonValueKind.Object
                && chained.TryGetProperty("needs_review", out var nr)
                && nr.ValueKind == JsonValueKind.False)
                humanRequired = false;
        }

        JsonElement? audit = null;
        if (line.TryGetProperty(AuditKey, out var a) && a.ValueKind != JsonValueKind.Null)
        {
            if (a.ValueKind != JsonValueKind.Object)
                throw new DataObjectException(
                    $"{where}: '{AuditKey}' is {InstanceReader.Shorten(a.GetRawText())}, expected an object " +
                    $"{{reasons, doubtful, ...}}");
            audit = a.Clone();
        }

        SkeletonBoundingBox? box = null;
        if (line.TryGetProperty("bounding_box", out var b) && b.ValueKind == JsonValueKind.Object) box =
            ReadBox(b, where);

        var input = new TaskInput(
            imageUri, imageSource, imageUri is null ? "inline" : name[(name.LastIndexOf('/') + 1)..],
            rig.Keypoints.Select(
                (k, i) =>
                    new KeypointClassInput(
                        i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        k.Color,
                        k.Label,
                        0,
                        0,
                        Side(rig, i),
                        rig.FlipIndex[i] == i ? null : rig.Keypoints[rig.FlipIndex[i]].Label)).ToArray(),
            rig.Edges.Select(e => new[] { e.From, e.To, e.Color }).ToArray(),
            box, initial, origin, rig.Keypoints.Select(k => k.Label).ToArray(), rig.Name,
            initial.Count > 0
                ? initial[0].Annotations.Select(p => p with { Visible = null }).ToArray()
                : [], audit);
        return new PreAnnotationResponse(input, humanRequired);
    }

    /// <summary>The line's <c>gtpose-audit.mode</c> is <c>relabel</c> (written by route for a re-label job).</summary>
    private static bool IsRelabel(JsonElement line) =>
        line.TryGetProperty(AuditKey, out var a) && a.ValueKind == JsonValueKind.Object
        && a.TryGetProperty("mode", out var m) && m.ValueKind == JsonValueKind.String
        && m.ValueEquals(Workflow.AuditHint.RelabelMode);

    private static InitialValue[] ReadInitial(JsonElement value, Rig rig, string field, string where)
    {
        var problems = new List<string>();
        var instances = InstanceReader.Read(value, rig, field, problems)
            ?? throw new DataObjectException(
                $"{where}: '{field}' is {InstanceReader.Shorten(value.GetRawText())}, expected skeletons [{{name, " +
                $"annotations: [{{label, x, y}}]}}], keypoints [{{label, x, y}}] or {{keypoints: [...]}}");
        // Pre-labels the owner supplied must be right: a bad point fails the object rather than silently vanishing from
        // the worker's view.
        if (problems.Count > 0) throw new DataObjectException(
            $"{where}: {problems[0]}{(problems.Count > 1 ? $" (and {problems.Count - 1} more)" : "")}");
        return instances.Select(InitialValue.From).ToArray();
    }

    private static string? Side(Rig rig, int index) =>
        rig.FlipIndex[index] == index ? null : rig.IsLeftSpan[index] ? "left" : "right";

    private static SkeletonBoundingBox ReadBox(JsonElement b, string where)
    {
        double Get(string p) =>
            AnswerParser.ReadNumber(b, p) ?? throw new DataObjectException(
                $"{where}: 'bounding_box.{p}' is missing or not a number");
        var left = Get("left");
        var top = Get("top");
        return b.TryGetProperty("width", out _)
            ? new SkeletonBoundingBox(left, top, left + Get("width"), top + Get("height"))
            : new SkeletonBoundingBox(left, top, Get("right"), Get("bottom"));
    }
}
