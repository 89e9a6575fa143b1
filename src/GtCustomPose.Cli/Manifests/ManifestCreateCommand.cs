using System.CommandLine;
using System.Text.Json;
using GtCustomPose.Cli.Json;
using GtCustomPose.Core.Storage;
using GtCustomPose.Storage;

namespace GtCustomPose.Cli;

/// <summary><c>gtpose manifest create</c>: an input manifest from an image folder or an S3 prefix.</summary>
internal static class ManifestCreateCommand
{
    /// <summary>What to list, where the images are in S3, the pre-labels and the manifest to write.</summary>
    private sealed record Request(string Images, S3Uri? Listed, string? S3Prefix, string? Prelabels, string Out);

    private sealed class Arguments
    {
        public Option<string> Images { get; } = new("--images")
        {
            Description = "A local image folder, or an S3 prefix s3://bucket/prefix.",
            Required = true,
        };

        public Option<string?> S3Prefix { get; } = new("--s3-prefix")
        {
            Description = "For a local folder: the s3:// prefix the images are (or will be) uploaded to.",
        };

        public Option<FileInfo?> Prelabels { get; } = new("--prelabels")
        {
            Description = "JSON Lines of {source-ref or file, annotations} merged in as pre-labels.",
        };

        public Option<FileInfo> Out { get; } = new("--out") { Description = "Input manifest to write.", Required = true };
        public Option<string?> Endpoint { get; } = SharedOptions.Endpoint();

        public IEnumerable<Option> All => [Images, S3Prefix, Prelabels, Out, Endpoint];

        /// <summary>The request, or the usage error that stops it before anything is read or written.</summary>
        public Request Bind(ParseResult result)
        {
            var source = result.GetValue(Images)!;
            var prelabels = InputFiles.ExistingOrNull(result.GetValue(Prelabels), "--prelabels");
            var output = result.GetValue(Out)!.FullName;
            if (source.StartsWith("s3://", StringComparison.Ordinal))
            {
                var parts = source[5..].Split('/', 2);
                if (parts[0].Length == 0)
                    throw new UsageError($"--images '{source}' names no bucket; give s3://bucket/prefix/");
                return new(source, new S3Uri(parts[0], parts.Length > 1 ? parts[1] : ""), null, prelabels, output);
            }
            var target = result.GetValue(S3Prefix);
            if (target is null || !target.StartsWith("s3://", StringComparison.Ordinal))
                throw new UsageError("a local folder needs --s3-prefix s3://bucket/prefix/ (Ground Truth reads " +
                    "images from S3)");
            if (File.Exists(source))
                throw new UsageError(
                    $"--images '{source}' is a file; give the folder that holds the images (or an s3:// prefix)");
            if (!Directory.Exists(source)) throw new UserError($"--images folder '{source}' not found");
            return new(source, null, target, prelabels, output);
        }
    }

    public static Command Create()
    {
        var a = new Arguments();
        var create = new Command("create", "Input manifest from an image folder or an S3 prefix.");
        foreach (var option in a.All) create.Options.Add(option);
        create.SetAction(async (result, cancellationToken) =>
        {
            var request = a.Bind(result);
            var pre = ReadPrelabels(request.Prelabels);
            var refs = request.Listed is { } s3
                ? await InS3Async(s3, Stores.Endpoint(result.GetValue(a.Endpoint)), cancellationToken)
                : ImageFiles.InFolder(request.Images, request.S3Prefix!,
                    warning => Console.Error.WriteLine($"warning: {warning}"));
            if (refs.Count == 0)
                throw new UserError($"no images found in '{request.Images}' (looked for " +
                    $"{string.Join(", ", ImageFiles.Extensions)}); no manifest written");
            var withLabels = await WriteAsync(request.Out, refs, pre);
            Console.WriteLine($"{refs.Count} images ({withLabels} with pre-labels) written to {request.Out}");
            return 0;
        });
        return create;
    }

    private static async Task<List<string>> InS3Async(S3Uri prefix, string? endpoint, CancellationToken ct)
    {
        Stores.RequireCredentials();
        var store = new S3ObjectStore(S3ObjectStore.CreateClient(endpoint));
        var refs = new List<string>();
        await foreach (var uri in store.ListAsync(prefix.Bucket, prefix.Key, ct))
            if (ImageFiles.IsImage(uri.Key)) refs.Add(uri.ToString());
        return refs;
    }

    /// <summary>Writes one line per image, with its pre-labels when it has any; returns how many had.</summary>
    private static async Task<int> WriteAsync(string path, List<string> refs, Dictionary<string, string> pre)
    {
        await using var writer = new StreamWriter(path);
        var withLabels = 0;
        foreach (var r in refs)
        {
            var sourceRef = JsonSerializer.Serialize(r, CliJsonContext.Default.String);
            if (pre.TryGetValue(r, out var a) || pre.TryGetValue(r[(r.LastIndexOf('/') + 1)..], out a))
            {
                withLabels++;
                await writer.WriteLineAsync($$"""{"source-ref": {{sourceRef}}, "annotations": {{a}}}""");
            }
            else
            {
                await writer.WriteLineAsync($$"""{"source-ref": {{sourceRef}}}""");
            }
        }
        return withLabels;
    }

    private static Dictionary<string, string> ReadPrelabels(string? path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (path is null) return result;
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = CliJson.Parse(line, $"{path} line {number} (--prelabels)");
            var r = doc.RootElement;
            var key = r.ValueKind != JsonValueKind.Object ? null
                : r.TryGetProperty("source-ref", out var s) ? s.GetString()
                : r.TryGetProperty("file", out var f) ? f.GetString()
                : null;
            if (key is not null && r.TryGetProperty("annotations", out var a)) result[key] = a.GetRawText();
        }
        return result;
    }
}
