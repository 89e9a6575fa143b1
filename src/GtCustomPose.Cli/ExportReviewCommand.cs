using System.CommandLine;
using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Exports;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Cli;

/// <summary><c>gtpose export review</c>: a page for people to look at the labels, with the images and each worker's
/// points.</summary>
internal static class ExportReviewCommand
{
    /// <summary>Up to this many objects the images are embedded in the page; beyond, written beside it.</summary>
    private const int EmbedUpTo = 500;

    public static Command Create()
    {
        var manifest = SharedOptions.Manifest();
        var attribute = SharedOptions.LabelAttribute();
        var outFile = new Option<FileInfo>("--out") { Description = "HTML page to write.", Required = true };
        var rig = SharedOptions.Rig();
        var store = SharedOptions.Store();
        var endpoint = SharedOptions.Endpoint();
        var responses = new Option<string?>("--worker-responses")
        {
            Description = "s3:// prefix of the job's worker responses (…/annotations/worker-response/iteration-1/) " +
                          "to show each worker's points.",
        };
        var noImages = new Option<bool>("--no-images")
        {
            Description = "Draw the skeletons on blank canvases (no image store at hand).",
        };
        var review = new Command("review", "An HTML page: images, consolidated skeletons, each worker's points; " +
                                           "objects needing review first, "
            + $"paged, filtered by reason. Up to {EmbedUpTo} objects the images are embedded; beyond, written to " +
              $"PAGE.images/.")
            { manifest, attribute, outFile, rig, store, endpoint, responses, noImages };
        review.SetAction((result, cancellationToken) => CliErrors.RunAsync(async () =>
        {
            var theRig = RigFiles.Load(result.GetValue(rig));
            var attributeName = result.GetValue(attribute)!;
            var objects = Stores.OpenOrNull(result.GetValue(store), result.GetValue(endpoint));
            var blank = result.GetValue(noImages);
            if (objects is null && !blank)
                throw new UserError(
                    "the page needs the images: pass --store FOLDER (local stand-in for S3) or --s3-endpoint URL, or " +
                    "--no-images",
                    2);
            var prefix = result.GetValue(responses);
            if (prefix is not null && objects is null) throw new UserError(
                "--worker-responses needs --store or --s3-endpoint to read them from", 2);
            var workers = await ReadWorkerResponsesAsync(objects, prefix, theRig, cancellationToken);
            if (prefix is not null && workers.Count == 0)
                throw new UserError(
                    $"no worker responses under {prefix} " +
                    $"(expected …/annotations/worker-response/iteration-1/<object id>/…json)");
            var lines = new List<(int Line, JsonElement Label, string Source)>();
            var names = new SortedSet<string>(StringComparer.Ordinal);
            await using (var input = await ManifestInput.OpenAsync(
                result.GetValue(manifest)!, objects, cancellationToken))
            using (var reader = new StreamReader(input))
            {
                foreach (var line in ManifestLine.Read(reader))
                {
                    if (line.Value is not { } value) { Console.Error.WriteLine(line.Problem); continue; }
                    if (!value.TryGetProperty(attributeName, out var label))
                    {
                        foreach (var p in value.EnumerateObject()) if (p.Name != "source-ref") names.Add(p.Name);
                        continue;
                    }
                    if (RigOf(label) is { Length: > 0 } used && used != theRig.Name)
                        throw new RigMismatchException(line.Number, used, theRig.Name);
                    lines.Add(
                        (line.Number, label, value.TryGetProperty("source-ref", out var s) ? s.GetString() ?? "" : ""));
                }
            }
            if (lines.Count == 0)
                throw new UserError(
                    $"no line of the manifest has the label attribute '{attributeName}'; its lines have: " +
                    $"{string.Join(", ", names)}");
            var page = result.GetValue(outFile)!.FullName;
            var imageDir = lines.Count > EmbedUpTo && !blank
                ? Directory.CreateDirectory(page + ".images").FullName
                : null;
            var items = new List<ReviewItem>();
            var missing = new List<string>();
            foreach (var (number, label, source) in lines)
            {
                var image = blank ? null : await ImageAsync(objects!, source, number, imageDir, cancellationToken);
                if (!blank && image is null) missing.Add(source.Length == 0 ? $"line {number}: no source-ref" : source);
                items.Add(new ReviewItem(
                    number,
                    label,
                    source,
                    image is null || imageDir is null ? image : Path.GetFileName(page) + ".images/" + image,
                    workers.GetValueOrDefault(
                        (number - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), [])));
            }
            if (missing.Count > 0)
                throw new UserError(
                    $"{missing.Count} of {lines.Count} images not found in the store (first: {missing[0]}); check " +
                    $"--store/--s3-endpoint, or pass --no-images");
            await File.WriteAllTextAsync(
                page,
                ReviewPage.Build(
                    items, theRig, $"Review: {Path.GetFileName(result.GetValue(manifest)!)} ({attributeName})"),
                cancellationToken);
            var flagged = items.Count(
                i => i.Label.TryGetProperty("needs_review", out var n) && n.ValueKind == JsonValueKind.True);
            Console.WriteLine($"{items.Count} objects, {flagged} needing review, written to {page}"
                + (imageDir is null ? "" : $" (images in {imageDir}; keep them beside the page)")
                + (prefix is null ? "" : $"; worker answers for {workers.Count} objects"));
            return 0;
        }));
        return review;
    }

    private static string? RigOf(JsonElement label) =>
        label.ValueKind == JsonValueKind.Object && label.TryGetProperty("consolidation", out var c)
        && c.ValueKind == JsonValueKind.Object && c.TryGetProperty("rig", out var rig)
        && rig.ValueKind == JsonValueKind.String ? rig.GetString() : null;

    /// <summary>A data: URI, or with <paramref name="folder"/> the image written there and its file name; null when not
    /// found.</summary>
    private static async Task<string?> ImageAsync(
        IObjectStore store, string source, int line, string? folder, CancellationToken cancellationToken)
    {
        if (!S3Uri.TryParse(source, out var uri)) return null;
        try
        {
            await using var stream = await store.OpenReadAsync(uri, cancellationToken);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken);
            var extension = Path.GetExtension(uri.Key).ToLowerInvariant();
            if (folder is not null)
            {
                var name = $"{line}{extension}";
                await File.WriteAllBytesAsync(Path.Combine(folder, name), copy.ToArray(), cancellationToken);
                return name;
            }
            var type = extension == ".png" ? "image/png" : "image/jpeg";
            return $"data:{type};base64,{Convert.ToBase64String(copy.ToArray())}";
        }
        catch (ObjectStoreException)
        {
            return null;
        }
    }

    /// <summary>Worker answers by data object id, from Ground Truth's layout (…/{id}/{file}.json holding {"answers":
    /// [{workerId, answerContent}]}) or the local runner's (one answer per file, named by worker).</summary>
    private static async Task<Dictionary<string, IReadOnlyList<(string, IReadOnlyList<SkeletonInstance>)>>>
        ReadWorkerResponsesAsync(IObjectStore? store, string? prefix, Rig rig, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IReadOnlyList<(
            string, IReadOnlyList<SkeletonInstance>)>>(StringComparer.Ordinal);
        if (store is null || prefix is null || !prefix.StartsWith("s3://", StringComparison.Ordinal)) return result;
        var rest = prefix[5..];
        var bucket = rest.Split('/', 2)[0];
        var keyPrefix = rest.Length > bucket.Length ? rest[(bucket.Length + 1)..] : "";
        await foreach (var uri in store.ListAsync(bucket, keyPrefix, cancellationToken))
        {
            var relative = uri.Key[keyPrefix.Length..].TrimStart('/').Split('/');
            if (relative.Length < 2) continue;
            await using var stream = await store.OpenReadAsync(uri, cancellationToken);
            var text = await new StreamReader(stream).ReadToEndAsync(cancellationToken);
            var list = result.TryGetValue(relative[0], out var existing) ? existing.ToList() : [];
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.TryGetProperty("answers", out var answers) && answers.ValueKind == JsonValueKind.Array)
            {
                foreach (var a in answers.EnumerateArray())
                {
                    var worker = a.TryGetProperty("workerId", out var w) ? w.GetString() ?? "?" : "?";
                    if (a.TryGetProperty("answerContent", out var content)) list.Add(
                        (worker, AnswerParser.Parse(worker, content, rig).Instances));
                }
            }
            else
            {
                var worker = Path.GetFileNameWithoutExtension(relative[^1]);
                list.Add((worker, AnswerParser.Parse(worker, doc.RootElement, rig).Instances));
            }
            result[relative[0]] = list;
        }
        return result;
    }
}
