using System.CommandLine;
using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Exports;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;
using GtCustomPose.Storage;

namespace GtCustomPose.Cli;

/// <summary><c>gtpose export coco|yolo|review</c>: labels to training data and to a page for people.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var export = new Command("export", "Export an output manifest: COCO or YOLO pose for training, or a review page.");
        export.Subcommands.Add(CocoCommand());
        export.Subcommands.Add(YoloCommand());
        export.Subcommands.Add(ReviewCommand());
        return export;
    }

    private static Command CocoCommand()
    {
        var manifest = ManifestOption();
        var attribute = AttributeOption();
        var outFile = OutOption();
        var rig = Common.RigOption();
        var includeReview = IncludeReviewOption();
        var store = Common.StoreOption();
        var endpoint = Common.EndpointOption();
        var coco = new Command("coco", "Output manifest to COCO keypoints JSON (mmpose, detectron2).")
            { manifest, attribute, outFile, rig, includeReview, store, endpoint };
        coco.SetAction((result, cancellationToken) => CliErrors.RunAsync("export coco", async () =>
        {
            var theRig = Common.LoadRig(result.GetValue(rig));
            var objects = StoreOrNull(result.GetValue(store), result.GetValue(endpoint));
            var problems = new ProblemLog();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await using var input = await ManifestInput.OpenAsync(result.GetValue(manifest)!, objects, cancellationToken);
            var labels = new LabelReader(input, result.GetValue(attribute)!, problems, skeletonsOnly: theRig);
            var path = result.GetValue(outFile)!.FullName;
            ExportResult r;
            await using (var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                r = CocoExporter.Export(labels, theRig, result.GetValue(includeReview), output);
            if (labels.AttributeAbsent) { File.Delete(path); throw new UserError(labels.AttributeAbsentMessage()); }
            PrintProblems(problems);
            Console.WriteLine($"{r.Images} images, {r.Skeletons} skeletons written to {path}; "
                + $"{r.ExcludedForReview} objects needing review left out{ReviewHint(r.ExcludedForReview, result.GetValue(includeReview))}; "
                + $"{Summary(labels, problems)} ({Rate(labels.BytesRead, clock.Elapsed)})");
            return 0;
        }));
        return coco;
    }

    private static Command YoloCommand()
    {
        var manifest = new Option<string?>("--manifest") { Description = "Output manifest (JSON Lines): a local file or an s3:// URI." };
        var splitManifests = new Option<string?>("--split-manifests")
        {
            Description = "Comma-separated manifests, one per split, named by file (train.manifest,val.manifest,test.manifest), "
                + "e.g. from `gtpose manifest split`. With --manifest they only select its lines by source-ref.",
        };
        var attribute = AttributeOption();
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Dataset folder to write.", Required = true };
        var images = new Option<DirectoryInfo?>("--images")
        {
            Description = "Local folder holding the images (by S3 key, or by file name): each is linked into images/SPLIT/.",
        };
        var rig = Common.RigOption();
        var includeReview = IncludeReviewOption();
        var store = Common.StoreOption();
        var endpoint = Common.EndpointOption();
        var yolo = new Command("yolo", "Output manifest to the Ultralytics YOLO pose layout: labels/, image lists, data.yaml.")
            { manifest, splitManifests, attribute, outDir, images, rig, includeReview, store, endpoint };
        yolo.SetAction((result, cancellationToken) => CliErrors.RunAsync("export yolo", () => YoloExport.RunAsync(
            new YoloExport.Arguments(result.GetValue(manifest), result.GetValue(splitManifests), result.GetValue(attribute)!,
                result.GetValue(outDir)!, result.GetValue(images), Common.LoadRig(result.GetValue(rig)),
                result.GetValue(includeReview), StoreOrNull(result.GetValue(store), result.GetValue(endpoint))),
            cancellationToken)));
        return yolo;
    }

    internal static IObjectStore? StoreOrNull(DirectoryInfo? store, string? endpoint) =>
        store is not null || endpoint is not null ? Common.Store(store, endpoint) : null;

    internal static Option<bool> IncludeReviewOption() =>
        new("--include-needs-review") { Description = "Also export objects whose label needs review (left out by default)." };

    internal static string ReviewHint(int excluded, bool included) =>
        excluded > 0 && !included ? " (--include-needs-review adds them)" : "";

    internal static string Summary(LabelReader labels, ProblemLog problems) =>
        $"{labels.Lines} lines read, {labels.MissingAttribute} without '{labels.LabelAttribute}', {problems.Count} problems";

    internal static string Rate(long bytes, TimeSpan elapsed) =>
        $"{bytes / 1e6:0.#} MB in {elapsed.TotalSeconds:0.0} s";

    internal static void PrintProblems(ProblemLog problems)
    {
        foreach (var p in problems.First) Console.Error.WriteLine(p);
        if (problems.Count > problems.First.Count) Console.Error.WriteLine($"... and {problems.Count - problems.First.Count} more problems");
    }

    private static Command ReviewCommand()
    {
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
            using (var reader = new StreamReader(await ManifestInput.OpenAsync(result.GetValue(rManifest)!, objects, cancellationToken)))
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
            await File.WriteAllTextAsync(result.GetValue(rOut)!.FullName, ReviewPage.Build(items, theRig, $"Review: {Path.GetFileName(result.GetValue(rManifest)!)} ({attributeName})"), cancellationToken);
            Console.WriteLine($"{items.Count} objects, {items.Count(i => i.Label.TryGetProperty("needs_review", out var n) && n.ValueKind == JsonValueKind.True)} needing review, written to {result.GetValue(rOut)!.FullName}");
            return 0;
        });

        return review;
    }

    internal static Option<string> ManifestOption() =>
        new("--manifest") { Description = "Output manifest (JSON Lines): a local file or an s3:// URI.", Required = true };

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
