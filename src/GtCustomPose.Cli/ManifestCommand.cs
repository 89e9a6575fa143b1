using System.CommandLine;
using System.Text.Json;
using GtCustomPose.Core.Exports;
using GtCustomPose.Core.Storage;
using GtCustomPose.Storage;

namespace GtCustomPose.Cli;

/// <summary><c>gtpose manifest create|check</c>.</summary>
internal static class ManifestCommand
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];

    public static Command Create()
    {
        var manifest = new Command(
            "manifest",
            "Create an input manifest, check an augmented manifest for a training job, or split one into " +
            "train/val/test.");

        var images = new Option<string>("--images")
        {
            Description = "A local image folder, or an S3 prefix s3://bucket/prefix.",
            Required = true,
        };
        var s3Prefix = new Option<string?>("--s3-prefix")
        {
            Description = "For a local folder: the s3:// prefix the images are (or will be) uploaded to.",
        };
        var prelabels = new Option<FileInfo?>("--prelabels")
        {
            Description = "JSON Lines of {source-ref or file, annotations} merged in as pre-labels.",
        };
        var outFile = new Option<FileInfo>("--out") { Description = "Input manifest to write.", Required = true };
        var endpoint = Common.EndpointOption();
        var create = new Command("create", "Input manifest from an image folder or an S3 prefix.")
        {
            images, s3Prefix, prelabels, outFile, endpoint,
        };
        create.SetAction((result, cancellationToken) => CliErrors.RunAsync(async () =>
        {
            var source = result.GetValue(images)!;
            List<string> refs;
            if (source.StartsWith("s3://", StringComparison.Ordinal))
            {
                var rest = source[5..];
                var bucket = rest.Split('/', 2)[0];
                var prefix = rest.Length > bucket.Length ? rest[(bucket.Length + 1)..] : "";
                var store = new S3ObjectStore(S3ObjectStore.CreateClient(result.GetValue(endpoint)));
                refs = [];
                await foreach (var uri in store.ListAsync(bucket, prefix, cancellationToken))
                    if (IsImage(uri.Key)) refs.Add(uri.ToString());
            }
            else
            {
                var target = result.GetValue(s3Prefix);
                if (target is null || !target.StartsWith("s3://", StringComparison.Ordinal))
                {
                    await Console.Error.WriteLineAsync(
                        "manifest create: a local folder needs --s3-prefix s3://bucket/prefix/ (Ground Truth reads " +
                        "images from S3)");
                    return 2;
                }
                var root = Path.GetFullPath(source);
                if (File.Exists(root)) throw new UserError(
                    $"--images '{source}' is a file; give the folder that holds the images (or an s3:// prefix)", 2);
                if (!Directory.Exists(root)) throw new UserError($"--images folder '{source}' not found");
                var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                    .Order(StringComparer.Ordinal).ToList();
                var notImages = files.Where(f => !IsImage(f)).ToList();
                var badContent = files.Where(IsImage).Where(f => !LooksLikeImage(f)).ToList();
                if (notImages.Count > 0)
                    await Console.Error.WriteLineAsync(
                        $"manifest create: {notImages.Count} files are not images (by extension) and are left out: "
                        + string.Join(", ", notImages.Take(5).Select(f => Path.GetRelativePath(root, f)))
                        + (notImages.Count > 5 ? ", ..." : ""));
                foreach (var f in badContent)
                    await Console.Error.WriteLineAsync(
                        $"manifest create: {Path.GetRelativePath(root, f)} is named like an image but is not a PNG, " +
                        $"JPEG, GIF, BMP or WebP file; left out");
                refs = files.Where(IsImage).Except(badContent)
                    .Select(f => target.TrimEnd('/') + "/"
                        + Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
                    .ToList();
            }
            if (refs.Count == 0)
                throw new UserError(
                    $"no images found in '{source}' (looked for {string.Join(", ", ImageExtensions)}); no manifest " +
                    $"written");
            var pre = ReadPrelabels(result.GetValue(prelabels));
            await using var writer = new StreamWriter(result.GetValue(outFile)!.FullName);
            var withLabels = 0;
            foreach (var r in refs)
            {
                if (pre.TryGetValue(r, out var a) || pre.TryGetValue(r[(r.LastIndexOf('/') + 1)..], out a))
                {
                    withLabels++;
                    var sourceRef = JsonSerializer.Serialize(r, Json.CliJsonContext.Default.String);
                    await writer.WriteLineAsync($$"""{"source-ref": {{sourceRef}}, "annotations": {{a}}}""");
                }
                else
                {
                    await writer.WriteLineAsync(
                        $$"""{"source-ref": {{JsonSerializer.Serialize(r, Json.CliJsonContext.Default.String)}}}""");
                }
            }
            Console.WriteLine(
                $"{refs.Count} images ({withLabels} with pre-labels) written to {result.GetValue(outFile)!.FullName}");
            return 0;
        }));

        var checkManifest = new Option<FileInfo>("--manifest")
        {
            Description = "Augmented manifest (JSON Lines).",
            Required = true,
        };
        var names = new Option<string>("--attribute-names")
        {
            Description = "Comma-separated AttributeNames of the training channel, e.g. source-ref,pose.",
            Required = true,
        };
        var rig = Common.RigOption();
        var check = new Command(
            "check", "Validate an augmented manifest for a SageMaker training job; report each bad line by number.")
        {
            checkManifest, names, rig,
        };
        check.SetAction(result =>
        {
            using var reader = File.OpenText(result.GetValue(checkManifest)!.FullName);
            var attributeNames = result.GetValue(names)!.Split(
                ',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var problems = ManifestChecker.Check(
                ManifestLine.Read(reader), attributeNames, Common.LoadRig(result.GetValue(rig)), out var lines);
            foreach (var p in problems) Console.WriteLine(p);
            Console.WriteLine(
                problems.Count == 0 ? $"ok: {lines} lines have {string.Join(", ", attributeNames)}"
                    : $"{problems.Count} problems in {lines} lines");
            return problems.Count == 0 ? 0 : 1;
        });

        manifest.Subcommands.Add(create);
        manifest.Subcommands.Add(check);
        manifest.Subcommands.Add(ManifestSplitCommand.Create());
        return manifest;
    }

    /// <summary>The file starts with the signature of a PNG, JPEG, GIF, BMP or WebP image.</summary>
    private static bool LooksLikeImage(string path)
    {
        Span<byte> head = stackalloc byte[12];
        using var file = File.OpenRead(path);
        var n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var h = head[..n];
        return h.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G'])
            || h.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
            || h.StartsWith("GIF8"u8)
                || h.StartsWith("BM"u8)
                || (n == 12 && h.StartsWith("RIFF"u8) && h[8..].SequenceEqual("WEBP"u8));
    }

    private static bool IsImage(string path) => ImageExtensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    private static Dictionary<string, string> ReadPrelabels(FileInfo? file)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (file is null) return result;
        foreach (var line in File.ReadLines(file.FullName).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            var key = r.TryGetProperty("source-ref", out var s) ? s.GetString()
                : r.TryGetProperty("file", out var f) ? f.GetString()
                : null;
            if (key is not null && r.TryGetProperty("annotations", out var a)) result[key] = a.GetRawText();
        }
        return result;
    }
}
