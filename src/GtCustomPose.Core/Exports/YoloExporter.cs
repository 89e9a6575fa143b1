using System.Buffers;
using System.Text;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Exports;

/// <summary>
/// Writes the Ultralytics YOLO pose layout into a folder: per split, <c>labels/SPLIT/STEM.txt</c> with one row per
/// skeleton (<c>0 cx cy w h</c>, then x y v for each rig keypoint, all normalised to 0..1 by the image size; v = 2
/// visible, 1 occluded, 0 not placed with x = y = 0; box: <see cref="PersonBox"/>), <c>SPLIT.txt</c> listing the
/// images as <c>./images/SPLIT/FILE</c> (where Ultralytics looks for the labels beside them), <c>SPLIT-sources.tsv</c>
/// pairing each S3 URI with that path (to download the images), and at the end <c>data.yaml</c> with
/// <c>kpt_shape</c>, <c>flip_idx</c> from the rig's left/right pairs, <c>names</c> and the split lists.
/// Streams: memory holds the file names used so far (to keep stems unique), not the labels.
/// </summary>
public sealed class YoloExporter : IDisposable
{
    private readonly string _out;
    private readonly Rig _rig;
    private readonly Func<string, string?>? _localImage;
    private readonly Dictionary<string, Split> _splits = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _row = new(4096);
    private readonly BackgroundFileWriter _files = new();

    /// <summary>Exports into <paramref name="outDir"/> (created when missing).</summary>
    /// <param name="outDir">The dataset folder.</param>
    /// <param name="rig">Keypoint order and flip pairs.</param>
    /// <param name="localImage">
    /// Finds an image's local file from its source-ref (null when not found); when given, each image is linked into
    /// <c>images/SPLIT/</c>. Null when the images are not local.
    /// </param>
    public YoloExporter(string outDir, Rig rig, Func<string, string?>? localImage)
    {
        _out = Path.GetFullPath(outDir);
        _rig = rig;
        _localImage = localImage;
        Directory.CreateDirectory(_out);
    }

    /// <summary>Images written per split: train, val, test, then others in the order first used.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Images => _splits
        .OrderBy(s => Array.IndexOf(Usual, s.Key) is var i && i >= 0 ? i : Usual.Length)
        .Select(s => KeyValuePair.Create(s.Key, s.Value.Images)).ToList();

    private static readonly string[] Usual = ["train", "val", "test"];

    /// <summary>Skeleton rows written.</summary>
    public int Skeletons { get; private set; }

    /// <summary>Objects left out because their label needs review.</summary>
    public int ExcludedForReview { get; private set; }

    /// <summary>Images with --images given whose local file was not found.</summary>
    public int ImagesNotFound { get; private set; }

    /// <summary>Adds one labelled object to <paramref name="split"/>.</summary>
    /// <exception cref="IOException">An earlier label file could not be written; the message names it.</exception>
    public void Add(LabeledLine line, string split, bool includeNeedsReview, ProblemLog problems)
    {
        if (line.Label.NeedsReview && !includeNeedsReview) { ExcludedForReview++; return; }
        if (line.Label.ImageSize is not { Width: > 0, Height: > 0 } size)
        {
            problems.Add(
                $"line {line.Number}: the label has no image_size; YOLO coordinates are fractions of it, left out");
            return;
        }
        if (line.SourceRef is null) { problems.Add($"line {line.Number}: no source-ref; left out"); return; }
        var s = SplitOf(split);
        var file = s.UniqueFileName(line.SourceRef, line.Number);
        var stem = Path.GetFileNameWithoutExtension(file);
        _row.ResetWrittenCount();
        foreach (var instance in line.Label.Instances)
        {
            if (instance.Keypoints.Count == 0) continue;
            AppendRow(instance, size, line.Number, problems);
            Skeletons++;
        }
        _files.Write(Path.Combine(s.LabelDir, stem + ".txt"), _row.WrittenSpan);
        var relative = $"./images/{split}/{file}";
        s.List.WriteLine(relative);
        s.Sources.WriteLine($"{line.SourceRef}\t{relative}");
        s.Images++;
        if (_localImage is not null) Link(line, s, file, problems);
    }

    private void Link(LabeledLine line, Split s, string file, ProblemLog problems)
    {
        var local = _localImage!(line.SourceRef!);
        if (local is null)
        {
            ImagesNotFound++;
            problems.Add($"line {line.Number}: image {line.SourceRef} not found under --images");
            return;
        }
        var target = Path.Combine(s.ImageDir, file);
        if (File.Exists(target) || Directory.Exists(target)) File.Delete(target);
        try { File.CreateSymbolicLink(target, Path.GetFullPath(local)); }
        catch (IOException) { File.Copy(local, target); }
        catch (UnauthorizedAccessException) { File.Copy(local, target); }
    }

    private void AppendRow(ConsolidatedInstance instance, ImageSize size, int line, ProblemLog problems)
    {
        var placed = RigOrder.Lay(instance, _rig, line, problems);
        var box = PersonBox.Of(instance, size)!;
        Append((byte)'0');
        Append((box.Left + box.Width / 2) / size.Width);
        Append((box.Top + box.Height / 2) / size.Height);
        Append(box.Width / size.Width);
        Append(box.Height / size.Height);
        foreach (var k in placed)
        {
            Append(k is null ? 0 : k.X / size.Width);
            Append(k is null ? 0 : k.Y / size.Height);
            Append((byte)' ');
            Append((byte)('0' + RigOrder.Visibility(k)));
        }
        Append((byte)'\n');
    }

    private void Append(byte b)
    {
        _row.GetSpan(1)[0] = b;
        _row.Advance(1);
    }

    // Formatted straight into the UTF-8 row, as ToString("0.######") would write it, without a string per number.
    private void Append(double fraction)
    {
        var span = _row.GetSpan(FractionFormat.MaxBytes + 1);
        span[0] = (byte)' ';
        if (!FractionFormat.TryWrite(Math.Clamp(fraction, 0, 1), span[1..], out var written))
            throw new InvalidOperationException("a fraction in 0..1 needs more than 32 bytes");
        _row.Advance(written + 1);
    }

    private Split SplitOf(string name)
    {
        if (_splits.TryGetValue(name, out var s)) return s;
        s = new Split(_out, name, _localImage is not null);
        _splits[name] = s;
        return s;
    }

    /// <summary>
    /// Writes <c>data.yaml</c>. Without a <c>val</c> split Ultralytics still needs one, so <c>val</c> then names the
    /// train list (and the yaml says so).
    /// </summary>
    /// <exception cref="IOException">A label file could not be written; the message names it.</exception>
    public string WriteDataYaml(string labelAttribute)
    {
        _files.Complete();
        foreach (var s in _splits.Values) s.Close();
        var yaml = new StringBuilder();
        yaml.Append(
            "# Ultralytics YOLO pose dataset: GtCustomPose export of label attribute ").Append(Quote(labelAttribute))
            .Append(", rig ").Append(Quote(_rig.Name)).Append('\n');
        yaml.Append("# keypoints: ").Append(string.Join(", ", _rig.Keypoints.Select(k => k.Label))).Append('\n');
        yaml.Append("path: ").Append(Quote(_out)).Append('\n');
        var first = _splits.Keys.FirstOrDefault() ?? "train";
        yaml.Append("train: ").Append(_splits.ContainsKey("train") ? "train" : first).Append(".txt\n");
        if (_splits.ContainsKey("val")) yaml.Append("val: val.txt\n");
        else yaml.Append("val: ").Append(
            _splits.ContainsKey("train") ? "train" : first).Append(".txt # no val split given\n");
        if (_splits.ContainsKey("test")) yaml.Append("test: test.txt\n");
        yaml.Append("kpt_shape: [").Append(_rig.Count).Append(", 3]\n");
        yaml.Append("flip_idx: [").Append(string.Join(", ", _rig.FlipIndex)).Append("]\n");
        yaml.Append("names:\n  0: ").Append(Quote(_rig.Name)).Append('\n');
        var path = Path.Combine(_out, "data.yaml");
        File.WriteAllText(path, yaml.ToString());
        return path;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <inheritdoc />
    public void Dispose()
    {
        _files.Dispose();
        foreach (var s in _splits.Values) s.Close();
    }

    private sealed class Split
    {
        private readonly HashSet<string> _names = new(StringComparer.Ordinal);

        public Split(string root, string name, bool linkImages)
        {
            LabelDir = Directory.CreateDirectory(Path.Combine(root, "labels", name)).FullName;
            ImageDir = Path.Combine(root, "images", name);
            if (linkImages) Directory.CreateDirectory(ImageDir);
            List = new StreamWriter(Path.Combine(root, name + ".txt"));
            Sources = new StreamWriter(Path.Combine(root, name + "-sources.tsv"));
        }

        public string LabelDir { get; }
        public string ImageDir { get; }
        public StreamWriter List { get; }
        public StreamWriter Sources { get; }
        public int Images { get; set; }

        /// <summary>The image's file name, made unique in the split (two folders may both hold 0001.png).</summary>
        public string UniqueFileName(string sourceRef, int line)
        {
            var key = S3Uri.TryParse(sourceRef, out var uri) ? uri.Key : sourceRef;
            var name = Safe(key[(key.LastIndexOfAny(['/', '\\']) + 1)..]);
            if (name.Length == 0) name = $"line-{line}.jpg";
            if (!_names.Add(name))
            {
                name = $"{Path.GetFileNameWithoutExtension(name)}-line{line}{Path.GetExtension(name)}";
                _names.Add(name);
            }
            return name;
        }

        // Most names need no change: they are returned as they are, without a new string.
        private static string Safe(string name) =>
            !name.Any(Unsafe) ? name : string.Concat(name.Select(c => Unsafe(c) ? '_' : c));

        private static bool Unsafe(char c) =>
            char.IsControl(c) || c is ':' or '*' or '?' or '"' or '<' or '>' or '|';

        public void Close()
        {
            List.Dispose();
            Sources.Dispose();
        }
    }
}
