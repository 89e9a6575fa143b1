using System.CommandLine;
using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Exports;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;
using GtCustomPose.Storage;

namespace GtCustomPose.Cli;

/// <summary><c>gtpose export coco|review</c>: labels to training data and to a page for people.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var export = new Command("export", "Export an output manifest: COCO keypoints for training, or a review page.");

        var manifest = ManifestOption();
        var attribute = AttributeOption();
        var outFile = OutOption();
        var rig = Common.RigOption();
        var includeReview = new Option<bool>("--include-needs-review") { Description = "Also export objects whose label needs review (left out by default)." };
        var coco = new Command("coco", "Output manifest to COCO keypoints JSON (mmpose, detectron2, ultralytics).") { manifest, attribute, outFile, rig, includeReview };
        coco.SetAction(result =>
        {
            var theRig = Common.LoadRig(result.GetValue(rig));
            using var reader = File.OpenText(result.GetValue(manifest)!.FullName);
            using var output = File.Create(result.GetValue(outFile)!.FullName);
            var r = CocoExporter.Export(ManifestLine.Read(reader), result.GetValue(attribute)!, theRig, result.GetValue(includeReview), output);
            foreach (var p in r.Problems) Console.Error.WriteLine(p);
            Console.WriteLine($"{r.Images} images, {r.Annotations} skeletons written to {result.GetValue(outFile)!.FullName}; {r.ExcludedForReview} objects needing review left out; {r.Problems.Count} problems");
            return 0;
        });

        var rManifest = ManifestOption();
        var rAttribute = AttributeOption();
        var rOut = OutOption();
        var rRig = Common.RigOption();
        var store = Common.StoreOption();
        var endpoint = Common.EndpointOption();
        var responses = new Option<string?>("--worker-responses") { Description = "s3:// prefix of the job's worker responses (…/annotations/worker-response/iteration-1/) to show each worker's points." };
        var review = new Command("review", "One self-contained HTML page: images, consolidated skeletons, each worker's points; objects needing review first.") { rManifest, rAttribute, rOut, rRig, store, endpoint, responses };
        review.SetAction(async (result, cancellationToken) =>
        {
            var theRig = Common.LoadRig(result.GetValue(rRig));
            var attributeName = result.GetValue(rAttribute)!;
            IObjectStore? objects = result.GetValue(store) is not null || result.GetValue(endpoint) is not null
                ? Common.Store(result.GetValue(store), result.GetValue(endpoint)) : null;
            var workers = await ReadWorkerResponsesAsync(objects, result.GetValue(responses), theRig, cancellationToken);
            var items = new List<ReviewItem>();
            using (var reader = File.OpenText(result.GetValue(rManifest)!.FullName))
            {
                var index = 0;
                foreach (var line in ManifestLine.Read(reader))
                {
                    index = line.Number - 1;
                    if (line.Value is not { } value || !value.TryGetProperty(attributeName, out var label)) continue;
                    var source = value.TryGetProperty("source-ref", out var s) ? s.GetString() ?? "" : "";
                    items.Add(new ReviewItem(line.Number, label, source, await ImageAsync(objects, source, cancellationToken), workers.GetValueOrDefault(index.ToString(System.Globalization.CultureInfo.InvariantCulture), [])));
                }
            }
            await File.WriteAllTextAsync(result.GetValue(rOut)!.FullName, ReviewPage.Build(items, theRig, $"Review: {Path.GetFileName(result.GetValue(rManifest)!.FullName)} ({attributeName})"), cancellationToken);
            Console.WriteLine($"{items.Count} objects, {items.Count(i => i.Label.TryGetProperty("needs_review", out var n) && n.ValueKind == JsonValueKind.True)} needing review, written to {result.GetValue(rOut)!.FullName}");
            return 0;
        });

        export.Subcommands.Add(coco);
        export.Subcommands.Add(review);
        return export;
    }

    internal static Option<FileInfo> ManifestOption() => new("--manifest") { Description = "Output manifest (JSON Lines).", Required = true };

    internal static Option<string> AttributeOption() => new("--label-attribute") { Description = "Label attribute name.", Required = true };

    private static Option<FileInfo> OutOption() => new("--out") { Description = "File to write.", Required = true };

    private static async Task<string?> ImageAsync(IObjectStore? store, string source, CancellationToken cancellationToken)
    {
        if (store is null || !S3Uri.TryParse(source, out var uri)) return null;
        try
        {
            await using var stream = await store.OpenReadAsync(uri, cancellationToken);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken);
            var type = uri.Key.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? "image/png" : "image/jpeg";
            return $"data:{type};base64,{Convert.ToBase64String(copy.ToArray())}";
        }
        catch (ObjectStoreException)
        {
            return null;
        }
    }

    /// <summary>Worker answers by data object id, from Ground Truth's layout (…/{id}/{file}.json holding {"answers": [{workerId, answerContent}]}) or the local runner's (one answer per file, named by worker).</summary>
    private static async Task<Dictionary<string, IReadOnlyList<(string, IReadOnlyList<SkeletonInstance>)>>> ReadWorkerResponsesAsync(IObjectStore? store, string? prefix, Rig rig, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IReadOnlyList<(string, IReadOnlyList<SkeletonInstance>)>>(StringComparer.Ordinal);
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
                    if (a.TryGetProperty("answerContent", out var content)) list.Add((worker, AnswerParser.Parse(worker, content, rig).Instances));
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
