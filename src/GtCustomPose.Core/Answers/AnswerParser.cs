using System.Globalization;
using System.Text.Json;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Answers;

/// <summary>
/// Turns a worker's <c>annotationData.content</c> (a JSON string) into a <see cref="WorkerAnswer"/>.
/// Accepts crowd-keypoint output under any element name and the crowd-2d-skeleton form
/// (<c>updated_annotations</c> as a JSON string or array). Never throws for bad content: an answer it cannot read is
/// <see cref="AnswerFormat.Unreadable"/> with the reason.
/// </summary>
public static class AnswerParser
{
    /// <summary>Answers larger than this many bytes of UTF-8 are not parsed (1 MiB).</summary>
    public const int MaxAnswerBytes = 1 << 20;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    /// <summary>Parses one answer.</summary>
    public static WorkerAnswer Parse(string workerId, string? content, Rig rig) =>
        Parse(
            workerId, content is null ? ReadOnlyMemory<byte>.Empty : System.Text.Encoding.UTF8.GetBytes(content), rig);

    /// <summary>Parses one answer given as UTF-8 JSON text (what the payload and S3 hold, so no UTF-16 copy is
    /// made).</summary>
    public static WorkerAnswer Parse(string workerId, ReadOnlyMemory<byte> utf8, Rig rig)
    {
        // An answer file saved with a byte order mark is still the same answer.
        if (utf8.Span.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        if (utf8.Span.Trim(" \t\r\n"u8).IsEmpty) return WorkerAnswer.Unreadable(workerId, "the answer is empty");
        if (utf8.Length > MaxAnswerBytes) return WorkerAnswer.Unreadable(
            workerId, $"the answer has {utf8.Length} bytes, more than the limit of {MaxAnswerBytes}");
        try
        {
            using var doc = JsonDocument.Parse(utf8, Options);
            return Parse(workerId, doc.RootElement, rig);
        }
        catch (JsonException e)
        {
            return WorkerAnswer.Unreadable(
                workerId, $"the answer is not valid JSON: {InstanceReader.Shorten(e.Message)}");
        }
        catch (InvalidOperationException e)
        {
            // Valid JSON can still escape half a UTF-16 surrogate pair (\ud800), which no .NET string can hold.
            return WorkerAnswer.Unreadable(
                workerId, $"the answer has text that is not valid Unicode: {InstanceReader.Shorten(e.Message)}");
        }
    }

    /// <summary>
    /// Parses one answer given as the inside of the JSON string that carried it in the payload, still escaped: text a
    /// reader has validated as a string and that holds no <c>\u</c> escape. The result is
    /// <see cref="Parse(string, ReadOnlyMemory{byte}, Rig)"/>'s of the unescaped text.
    /// </summary>
    internal static WorkerAnswer ParseEscaped(string workerId, ReadOnlySpan<byte> escaped, Rig rig)
    {
        if (EscapedAnswer.TryParse(escaped, out var list, out var rest))
        {
            // The skeleton list is read where it stands; only the rest of the answer (a few hundred bytes) is
            // unescaped for a document, behind a stand-in for the list.
            var head = EscapedAnswer.StandIn;
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(head.Length + rest.Length);
            try
            {
                head.CopyTo(buffer);
                var length = JsonText.UnescapeValidated(rest, buffer.AsSpan(head.Length));
                if (length >= 0)
                {
                    using var doc = JsonDocument.Parse(buffer.AsMemory(0, head.Length + length), Options);
                    var problems = new List<string>();
                    var size = ReadSkeletonImageSize(doc.RootElement, problems);
                    var instances = SkeletonListReader.TryScanEscapedTwice(list, rig, size);
                    if (instances is not null)
                        return Skeleton(workerId, doc.RootElement, rig, instances, size, problems);
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                // Not this form after all: the general reading below says what is wrong, with its positions.
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        var text = System.Buffers.ArrayPool<byte>.Shared.Rent(escaped.Length);
        try
        {
            var length = JsonText.UnescapeValidated(escaped, text);
            if (length < 0) throw new ArgumentException("the text holds a \\u escape", nameof(escaped));
            return Parse(workerId, text.AsMemory(0, length), rig);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(text);
        }
    }

    /// <summary>Parses one answer that is already a JSON value.</summary>
    public static WorkerAnswer Parse(string workerId, JsonElement root, Rig rig)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return WorkerAnswer.Unreadable(workerId, $"the answer is a JSON {root.ValueKind}, expected an object");
        return root.TryGetProperty("updated_annotations", out var updated)
            ? ParseSkeleton(workerId, root, updated, rig)
            : ParseKeypoint(workerId, root, rig);
    }

    private static WorkerAnswer ParseSkeleton(string workerId, JsonElement root, JsonElement updated, Rig rig)
    {
        var problems = new List<string>();
        var size = ReadSkeletonImageSize(root, problems);
        // A page that posts nothing has said nothing: only a real empty list says that nobody is in the image.
        if (IsBlankText(updated))
            return WorkerAnswer.Unreadable(workerId,
                "updated_annotations is an empty string, " +
                "not a list of skeletons ([] would say nobody is in the image)");
        var instances = ReadEmbedded(updated, rig, "updated_annotations", problems, size);
        if (instances is null)
            return WorkerAnswer.Unreadable(workerId,
                $"updated_annotations is not a list of skeletons: {InstanceReader.Shorten(updated.GetRawText())}");
        return Skeleton(workerId, root, rig, instances, size, problems);
    }

    private static WorkerAnswer Skeleton(
        string workerId, JsonElement root, Rig rig, List<SkeletonInstance> instances, ImageSize? size,
        List<string> problems)
    {
        bool? wasModified = null;
        // Blank originals: the page showed no initial values.
        if (root.TryGetProperty("original_annotations", out var original))
        {
            // Structural comparison: JSON text differs in spacing and key order even when nothing changed.
            var originals = IsBlankText(original) ? [] : ReadEmbedded(original, rig, "original_annotations", [], size);
            if (originals is not null)
                wasModified = originals.Count != instances.Count
                    || !originals.Zip(instances).All(p => p.First.SameAs(p.Second));
        }
        return new WorkerAnswer(workerId, AnswerFormat.Crowd2dSkeleton, instances, size,
            ReadBool(root, "no_changes_needed"), wasModified, ReadNumber(root, "total_time_in_seconds"), problems);
    }

    // On the raw text, so no copy of a list of kilobytes is made to find out that it is not blank.
    private static bool IsBlankText(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return false;
        var inside = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value)[1..^1];
        for (var i = 0; i < inside.Length; i++)
        {
            if (inside[i] == (byte)' ') continue;
            if (inside[i] == (byte)'\\'
                && i + 1 < inside.Length
                && inside[i + 1] is (byte)'t' or (byte)'n' or (byte)'r')
            {
                i++;
                continue;
            }
            return false;
        }
        return true;
    }

    private static WorkerAnswer ParseKeypoint(string workerId, JsonElement root, Rig rig)
    {
        // crowd-keypoint output sits under the element's name, which the template author chooses.
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind != JsonValueKind.Object) continue;
            var result = value.TryGetProperty("annotatedResult", out var ar) && ar.ValueKind == JsonValueKind.Object
                ? ar
                : value;
            if (!result.TryGetProperty("keypoints", out _)) continue;
            return ReadKeypointResult(workerId, result, rig, property.Name);
        }
        if (root.TryGetProperty("keypoints", out _)) return ReadKeypointResult(workerId, root, rig, "");
        var keys = string.Join(", ", root.EnumerateObject().Select(p => p.Name).Take(10));
        return WorkerAnswer.Unreadable(
            workerId,
            $"the answer is in neither the crowd-keypoint nor the crowd-2d-skeleton format (keys: " +
            $"{InstanceReader.Shorten(keys)})");
    }

    private static WorkerAnswer ReadKeypointResult(string workerId, JsonElement result, Rig rig, string name)
    {
        var problems = new List<string>();
        ImageSize? size = null;
        if (result.TryGetProperty("inputImageProperties", out var props) && props.ValueKind == JsonValueKind.Object)
            size = ReadSize(props, "width", "height", "inputImageProperties.", problems);
        var where = name.Length == 0 ? "keypoints" : $"{name}.keypoints";
        var instances = InstanceReader.Read(result, rig, where, problems, size);
        if (instances is null) return WorkerAnswer.Unreadable(workerId, $"{where} is not a list of keypoints");
        return new WorkerAnswer(workerId, AnswerFormat.CrowdKeypoint, instances, size, null, null, null, problems);
    }

    private static List<SkeletonInstance>? ReadEmbedded(
        JsonElement value, Rig rig, string where, List<string> problems, ImageSize? size)
    {
        if (value.ValueKind != JsonValueKind.String) return InstanceReader.Read(value, rig, where, problems, size);
        // The crowd-2d-skeleton form posts its skeletons as JSON text inside the answer: unescaped straight to UTF-8.
        var quoted = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value);
        var text = System.Buffers.ArrayPool<byte>.Shared.Rent(quoted.Length);
        try
        {
            // The document has validated the string already; a second reader would validate it again.
            var length = JsonText.UnescapeValidated(quoted[1..^1], text);
            if (length < 0)
            {
                var reader = new Utf8JsonReader(quoted);
                reader.Read();
                length = reader.CopyString(text);
            }
            if (SkeletonListReader.TryRead(text.AsSpan(0, length), rig, size) is { } fast) return fast;
            using var inner = JsonDocument.Parse(text.AsMemory(0, length), Options);
            return InstanceReader.Read(inner.RootElement, rig, where, problems, size);
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(text);
        }
    }

    private static ImageSize? ReadSkeletonImageSize(JsonElement root, List<string> problems)
    {
        if (root.TryGetProperty("image_size", out var s) && s.ValueKind == JsonValueKind.Object)
            return ReadSize(s, "width", "height", "image_size.", problems);
        return ReadSize(root, "image_width", "image_height", "", problems);
    }

    // A stated size that is not a number of pixels is listed: the bounds check and the label's size need it.
    private static ImageSize? ReadSize(JsonElement e, string w, string h, string where, List<string> problems)
    {
        var width = ReadPixels(e, w, where, problems);
        var height = ReadPixels(e, h, where, problems);
        return width is { } x && height is { } y ? new ImageSize(x, y) : null;
    }

    private static int? ReadPixels(JsonElement e, string property, string where, List<string> problems)
    {
        if (!e.TryGetProperty(property, out var v)) return null;
        if (ReadNumber(e, property) is > 0 and < MaxImageSide and var d) return (int)d;
        problems.Add($"{where}{property}: {InstanceReader.Shorten(v.GetRawText())} is not a number of pixels "
            + $"(above 0, below {MaxImageSide:0}); ignored");
        return null;
    }

    private const double MaxImageSide = 1e6;

    internal static double? ReadNumber(JsonElement e, string property)
    {
        if (!e.TryGetProperty(property, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)) return d;
        if (v.ValueKind == JsonValueKind.String && double.TryParse(
            v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d) && double.IsFinite(d)) return d;
        return null;
    }

    internal static bool? ReadBool(JsonElement e, string property)
    {
        if (!e.TryGetProperty(property, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when v.GetString() is "true" or "on" or "yes" => true,
            JsonValueKind.String when v.GetString() is "false" or "off" or "no" or "" => false,
            _ => null,
        };
    }
}
