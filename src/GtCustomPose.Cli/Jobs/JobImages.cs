using System.Collections.Concurrent;
using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Storage;
using GtCustomPose.Storage;

namespace GtCustomPose.Cli.Jobs;

/// <summary>
/// The images a job needs, checked before any work starts. Simulated workers need each image's size: an image the
/// store lacks stops the job, naming it (a made-up size would make made-up labels). Task pages need the images too:
/// with recorded answers, images a local store lacks are named in a warning.
/// </summary>
internal static class JobImages
{
    private const int Concurrency = 16, Named = 3;

    /// <summary>Image sizes read from the store by manifest line index (simulated jobs only).</summary>
    public static async Task<IReadOnlyDictionary<int, ImageSize>> CheckAsync(
        IObjectStore store, JobManifest manifest, SimulatedAnswers? simulation, JobProgress progress, CancellationToken cancellationToken)
    {
        var images = Images(manifest, simulation).ToList();
        if (simulation is null)
        {
            if (store is LocalFolderStore local)
            {
                var missing = images.Where(i => !File.Exists(local.PathOf(i.Uri))).Select(i => (i.Index, i.Uri, "not in the store")).ToList();
                if (missing.Count > 0)
                    progress.Warn($"{Describe(missing, images.Count, manifest, local.Root)}: their task pages show no image");
            }
            return new Dictionary<int, ImageSize>();
        }

        var sizes = new ConcurrentDictionary<int, ImageSize>();
        if (images.Count == 0) return sizes;
        var problems = new ConcurrentBag<(int Index, S3Uri Uri, string Reason)>();
        var step = progress.Start("image sizes", images.Count);
        await Parallel.ForEachAsync(images, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (image, ct) =>
            {
                try
                {
                    await using var stream = await store.OpenReadAsync(image.Uri, ct).ConfigureAwait(false);
                    if (await ImageHeader.ReadSizeAsync(stream, ct).ConfigureAwait(false) is { } size) sizes[image.Index] = size;
                    else problems.Add((image.Index, image.Uri, "not a PNG, JPEG, GIF or BMP image"));
                }
                catch (ObjectStoreException e)
                {
                    problems.Add((image.Index, image.Uri, e.Reason));
                }
                lock (step) step.Advance();
            }).ConfigureAwait(false);
        if (!problems.IsEmpty)
        {
            var where = store is LocalFolderStore l ? l.Root : "S3";
            throw new UserError($"simulated workers answer on each image's real size, and {Describe(problems.OrderBy(p => p.Index).ToList(), images.Count, manifest, where)}; " +
                "put the images in the store (s3://bucket/key is STORE/bucket/key), point --store or --s3-endpoint where they are, or record answers with --answers FILE");
        }
        return sizes;
    }

    /// <summary>The s3:// images of lines whose size only the image can tell.</summary>
    private static IEnumerable<(int Index, S3Uri Uri)> Images(JobManifest manifest, SimulatedAnswers? simulation)
    {
        for (var i = 0; i < manifest.Lines.Count; i++)
        {
            if (!S3Uri.TryParse(manifest.SourceRef(i), out var uri)) continue;
            if (simulation is not null)
            {
                using var doc = JsonDocument.Parse(manifest.Lines[i]);
                if (simulation.KnownSize(doc.RootElement) is not null) continue;
            }
            yield return (i, uri);
        }
    }

    private static string Describe(List<(int Index, S3Uri Uri, string Reason)> problems, int total, JobManifest manifest, string store)
    {
        var named = string.Join(", ", problems.Take(Named).Select(p => $"line {p.Index + 1} {p.Uri} ({p.Reason})"));
        var more = problems.Count > Named ? $" and {problems.Count - Named} more" : "";
        return $"{problems.Count} of {total} images of {manifest.Name} are missing or unreadable in the store {store}: {named}{more}";
    }
}
