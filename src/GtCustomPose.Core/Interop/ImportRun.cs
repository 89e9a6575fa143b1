using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Interop;

/// <summary>An import from reading to the merged file: the steps the <c>gtpose consolidate</c> command takes.</summary>
public static class ImportRun
{
    /// <summary>The files of <paramref name="paths"/>: a file as given, a folder's files ending in the format's
    /// extension (<c>.json</c>, <c>.xml</c>), sorted by name. A path that does not exist is an error.</summary>
    public static List<string> Expand(ImportFormat format, IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        var extension = format == ImportFormat.Cvat ? "*.xml" : "*.json";
        foreach (var p in paths)
        {
            if (File.Exists(p)) files.Add(p);
            else if (Directory.Exists(p))
                files.AddRange(Directory.GetFiles(p, extension).Order(StringComparer.Ordinal));
            else throw new FileNotFoundException($"{p}: no such file or folder", p);
        }
        return files;
    }

    /// <summary>Reads every file into a new session (the caller disposes it).</summary>
    /// <param name="format">The files' format.</param>
    /// <param name="files">From <see cref="Expand"/>.</param>
    /// <param name="category">The COCO category or CVAT skeleton label to read when a file has several.</param>
    public static ImportSession Read(ImportFormat format, IEnumerable<string> files, string? category = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var session = new ImportSession();
        foreach (var path in files)
        {
            if (session.AddFile(path) is not { } file) continue;
            switch (format)
            {
                case ImportFormat.Coco: CocoKeypointsReader.Read(session, file, category); break;
                case ImportFormat.Cvat: CvatXmlReader.Read(session, file, category); break;
                default: LabelStudioReader.Read(session, file); break;
            }
        }
        return session;
    }

    /// <summary>
    /// Consolidates <paramref name="session"/> and writes the merged COCO file, and the output manifest when
    /// <paramref name="manifest"/> is given.
    /// </summary>
    /// <exception cref="DataObjectException">No file is usable, or none holds an answer.</exception>
    public static async Task<ImportResult> ConsolidateAsync(
        ImportSession session, Rig rig, ConsolidationOptions? options, Stream merged, ImportManifestWriter? manifest,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(merged);
        var used = session.Files.Where(f => f.Excluded is null).ToList();
        if (used.Count == 0)
            throw new DataObjectException(session.Files.Count == 0
                ? "no input file"
                : $"none of the {session.Files.Count} files is usable: {session.Problems.First[0]}");
        var first = used[0];
        using var coco = new MergedCocoWriter(rig, session.Images.Count)
        {
            Category = (first.CategoryId ?? 1, string.IsNullOrEmpty(first.Category) ? rig.Name : first.Category),
        };
        var result = await new ImportConsolidator(session, rig, options).RunAsync(
            label =>
            {
                coco.Add(label);
                manifest?.Add(label);
            },
            cancellationToken).ConfigureAwait(false);
        if (result.Answers == 0)
            throw new DataObjectException(
                $"the {used.Count} usable files hold no answer (no image listed with an annotator)");
        coco.Finish(merged, session.Images);
        return result;
    }
}
