using System.Security.Cryptography;
using GtCustomPose.Core.Exports;

namespace GtCustomPose.Core.Interop;

/// <summary>
/// What the readers of one run found, before consolidation: the files, annotators and images (each once, however
/// many files name it), and every answer and skeleton spooled to disk. Readers report each thing they cannot use to
/// <see cref="Problems"/> as one line naming the file, the image or task and the field.
/// </summary>
public sealed class ImportSession : IDisposable
{
    private readonly Dictionary<string, int> _imageIndex = new(StringComparer.Ordinal);
    private readonly List<ImportedImage> _images = [];
    private readonly Dictionary<string, int> _annotatorIndex = new(StringComparer.Ordinal);
    private readonly List<string> _annotators = [];
    private readonly List<ImportFile> _files = [];
    private readonly Dictionary<string, string> _contents = new(StringComparer.Ordinal);
    private int _answers;

    internal AnswerSpool Spool { get; } = new();

    /// <summary>One line per thing of the input that was not used as given.</summary>
    public ProblemLog Problems { get; } = new();

    /// <summary>The files, in the order given, refused ones included.</summary>
    public IReadOnlyList<ImportFile> Files => _files;

    /// <summary>Every image named, in the order first named.</summary>
    public IReadOnlyList<ImportedImage> Images => _images;

    /// <summary>Every annotator, in the order first seen.</summary>
    public IReadOnlyList<string> Annotators => _annotators;

    /// <summary>Skeletons read (before consolidation checks them).</summary>
    public long Skeletons { get; private set; }

    /// <summary>Parts of the input read and deliberately not used, by kind (e.g. another category's annotations);
    /// the summary lists them.</summary>
    public SortedDictionary<string, long> Skipped { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Registers a file; null (and a problem line) when the same content was given already, which would count one
    /// annotator's answers twice.
    /// </summary>
    public ImportFile? AddFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string digest;
        using (var stream = File.OpenRead(path)) digest = Convert.ToHexString(SHA256.HashData(stream));
        var file = new ImportFile(_files.Count, path);
        _files.Add(file);
        if (_contents.TryGetValue(digest, out var first))
        {
            file.Excluded = $"the same content as {first}";
            Problems.Add($"{file.Path}: the same content as {first} (the same annotator twice); left out");
            return null;
        }
        _contents.Add(digest, file.Path);
        return file;
    }

    /// <summary>Counts one deliberately unused part of the input.</summary>
    public void Skip(string kind, long count = 1) => Skipped[kind] = Skipped.GetValueOrDefault(kind) + count;

    /// <summary>Leaves a whole file out (its records are ignored) and says why.</summary>
    public void Exclude(ImportFile file, string reason)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Excluded is not null) return;
        file.Excluded = reason;
        Problems.Add($"{file.Path}: {reason}; the whole file is left out");
    }

    /// <summary>The index of an annotator, added when new.</summary>
    public int Annotator(string name)
    {
        if (_annotatorIndex.TryGetValue(name, out var i)) return i;
        _annotatorIndex.Add(name, i = _annotators.Count);
        _annotators.Add(name);
        return i;
    }

    /// <summary>
    /// The index of the image under <paramref name="key"/>, added when new; a size that contradicts the one another
    /// file stated is reported (the first is kept).
    /// </summary>
    public int Image(ImportFile file, string key, ImageSize? size)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!_imageIndex.TryGetValue(key, out var i))
        {
            _imageIndex.Add(key, i = _images.Count);
            _images.Add(new ImportedImage(key, size));
            return i;
        }
        SetSize(file, i, size);
        return i;
    }

    /// <summary>States an image's size when it had none; a different one is reported, the first kept.</summary>
    public void SetSize(ImportFile file, int image, ImageSize? size)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (size is not { } s) return;
        var known = _images[image];
        if (known.Size is null) _images[image] = known with { Size = s };
        else if (known.Size != s)
            Problems.Add($"{file.Path}: image '{known.Key}': size {s.Width}x{s.Height} differs from " +
                $"{known.Size.Value.Width}x{known.Size.Value.Height} stated before; the first is kept");
    }

    /// <summary>Records that <paramref name="annotator"/> answered <paramref name="image"/> in
    /// <paramref name="file"/> (with or without skeletons); the answer's id.</summary>
    public int Answer(ImportFile file, int annotator, int image)
    {
        ArgumentNullException.ThrowIfNull(file);
        var id = _answers++;
        Spool.Add(new SpooledAnswer(image, id, annotator, file.Index));
        return id;
    }

    /// <summary>Records one skeleton of an answer. <paramref name="sourceId"/> is what problem lines call it (a COCO
    /// annotation id, a position).</summary>
    public void Skeleton(ImportFile file, int answer, int image, long sourceId, ReadOnlySpan<RawPoint> points)
    {
        ArgumentNullException.ThrowIfNull(file);
        Skeletons++;
        Spool.Add(image, answer, file.Index, sourceId, points);
    }

    /// <summary>Deletes the spool.</summary>
    public void Dispose() => Spool.Dispose();
}
