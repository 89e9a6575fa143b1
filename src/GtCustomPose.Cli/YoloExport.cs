using GtCustomPose.Core.Exports;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Cli;

/// <summary>
/// <c>gtpose export yolo</c>: which manifest feeds which split, where the images are, and the summary a user reads.
/// </summary>
internal static class YoloExport
{
    public sealed record Arguments(string? Manifest, string? SplitManifests, string LabelAttribute, DirectoryInfo Out,
        DirectoryInfo? Images, Rig Rig, bool IncludeNeedsReview, IObjectStore? Store, bool Force);

    /// <summary>What an export writes into its folder.</summary>
    private static readonly string[] Written = ["labels", "images", "data.yaml", "*.txt", "*-sources.tsv"];

    public static async Task<int> RunAsync(Arguments a, CancellationToken cancellationToken)
    {
        var splits = (a.SplitManifests ?? "").Split(
            ',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(m => (Name: SplitName(m), Manifest: m)).ToList();
        if (a.Manifest is null && splits.Count == 0)
            throw new UserError("give --manifest, --split-manifests train.manifest,val.manifest, or both", 2);
        if (splits.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != splits.Count)
            throw new UserError($"--split-manifests names one split twice: {a.SplitManifests}", 2);
        if (a.Images is { Exists: false }) throw new UserError($"--images folder '{a.Images.FullName}' not found");
        await Jobs.OutputFolder.ClaimAsync(new Jobs.OutputClaim(a.Out.FullName, Written, "export"), a.Force,
            message => Console.Error.WriteLine($"warning: {message}"), cancellationToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var problems = new ProblemLog();
        using var yolo = new YoloExporter(
            a.Out.FullName, a.Rig, a.Images is null ? null : LocalImages(a.Images.FullName));
        long bytes = 0;
        var summaries = new List<string>();
        if (a.Manifest is not null)
        {
            // The split manifests only say which source-ref goes where (they may have been split before labelling).
            var membership = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, manifest) in splits)
                await foreach (var sourceRef in SourceRefsAsync(
                    manifest, a.Store, cancellationToken)) membership.TryAdd(sourceRef, name);
            var outside = 0;
            var labels = await ExportAsync(a.Manifest, a, problems, cancellationToken, line =>
            {
                if (splits.Count == 0) return "train";
                if (line.SourceRef is not null && membership.TryGetValue(line.SourceRef, out var split)) return split;
                outside++;
                return null;
            }, yolo);
            bytes += labels.BytesRead;
            summaries.Add(
                ExportCommand.Summary(labels, problems)
                + (splits.Count > 0 ? $", {outside} in no split manifest (left out)" : ""));
        }
        else
        {
            foreach (var (name, manifest) in splits)
            {
                var labels = await ExportAsync(manifest, a, problems, cancellationToken, _ => name, yolo);
                bytes += labels.BytesRead;
                summaries.Add($"{name}: " + ExportCommand.Summary(labels, problems));
            }
        }
        var yaml = yolo.WriteDataYaml(a.LabelAttribute);
        ExportCommand.PrintProblems(problems);
        var perSplit = string.Join(", ", yolo.Images.Select(s => $"{s.Value} {s.Key}"));
        Console.WriteLine($"{perSplit} images, {yolo.Skeletons} skeletons written to {a.Out.FullName} ({yaml}); "
            + $"{yolo.ExcludedForReview} objects needing review left " +
              $"out{ExportCommand.ReviewHint(yolo.ExcludedForReview, a.IncludeNeedsReview)}; "
            + $"{string.Join("; ", summaries)} ({ExportCommand.Rate(bytes, clock.Elapsed)})");
        if (!yolo.Images.Any(s => s.Key == "val")) Console.WriteLine(
            "no val split: data.yaml's val names the train list; `gtpose manifest split` makes one");
        if (a.Images is null) Console.WriteLine(
            $"images: download each S3 URI in SPLIT-sources.tsv to the path beside it, or rerun with --images DIR");
        else if (yolo.ImagesNotFound > 0)
            throw new UserError(
                $"{yolo.ImagesNotFound} images not found under {a.Images.FullName} (looked for the S3 key, then the " +
                $"file name)");
        return 0;
    }

    private static async Task<LabelReader> ExportAsync(string manifest, Arguments a, ProblemLog problems,
        CancellationToken cancellationToken, Func<LabeledLine, string?> splitOf, YoloExporter yolo)
    {
        await using var input = await ManifestInput.OpenAsync(manifest, a.Store, cancellationToken);
        var labels = new LabelReader(input, a.LabelAttribute, problems, skeletonsOnly: a.Rig);
        foreach (var line in labels.Read())
            if (splitOf(line) is { } split) yolo.Add(line, split, a.IncludeNeedsReview, problems);
        if (labels.AttributeAbsent) throw new UserError($"{manifest}: {labels.AttributeAbsentMessage()}");
        return labels;
    }

    private static async IAsyncEnumerable<string> SourceRefsAsync(string manifest, IObjectStore? store,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var input = await ManifestInput.OpenAsync(manifest, store, cancellationToken);
        using var reader = new StreamReader(input);
        foreach (var line in ManifestLine.Read(reader))
            if (line.Value is { } v && v.TryGetProperty("source-ref", out var s) && s.GetString() is { } sourceRef)
                yield return sourceRef;
    }

    /// <summary>train.manifest → train; s3://b/k/val.manifest → val.</summary>
    private static string SplitName(string manifest)
    {
        var name = Path.GetFileNameWithoutExtension(manifest[(manifest.LastIndexOf('/') + 1)..]);
        if (name.Length == 0 || name.Any(c => !(char.IsLetterOrDigit(c) || c is '-' or '_')))
            throw new UserError(
                $"--split-manifests: '{manifest}' does not name a split (train.manifest, val.manifest, ...)", 2);
        return name;
    }

    private static Func<string, string?> LocalImages(string root) => sourceRef =>
    {
        var key = S3Uri.TryParse(sourceRef, out var uri) ? uri.Key : sourceRef;
        var byKey = Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar));
        if (File.Exists(byKey)) return byKey;
        var byName = Path.Combine(root, key[(key.LastIndexOf('/') + 1)..]);
        return File.Exists(byName) ? byName : null;
    };
}
