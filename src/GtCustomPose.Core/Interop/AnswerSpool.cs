namespace GtCustomPose.Core.Interop;

/// <summary>
/// Answers and skeletons of many files, joined by image on disk: records go to one of
/// <see cref="Buckets"/> temporary files by image, and each bucket is read back whole, grouped by image. Memory holds
/// one bucket, never the input, so a million skeletons in a hundred files need tens of megabytes, not gigabytes.
/// Coordinates are kept as doubles: nothing is rounded on the way.
/// </summary>
internal sealed class AnswerSpool : IDisposable
{
    /// <summary>Temporary files the records are spread over.</summary>
    public const int Buckets = 64;

    private const byte AnswerKind = 0, SkeletonKind = 1;
    private readonly string _folder;
    private readonly FileStream[] _files = new FileStream[Buckets];
    private readonly BinaryWriter[] _writers = new BinaryWriter[Buckets];

    public AnswerSpool()
    {
        _folder = Path.Combine(Path.GetTempPath(), "gtpose-spool-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        for (var b = 0; b < Buckets; b++)
        {
            _files[b] = new FileStream(
                Path.Combine(_folder, $"{b}.bin"), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 15);
            _writers[b] = new BinaryWriter(_files[b]);
        }
    }

    public void Add(SpooledAnswer a)
    {
        var w = _writers[a.Image % Buckets];
        w.Write(AnswerKind);
        w.Write(a.Image);
        w.Write(a.Answer);
        w.Write(a.Annotator);
        w.Write(a.File);
    }

    public void Add(int image, int answer, int file, long sourceId, ReadOnlySpan<RawPoint> points)
    {
        var w = _writers[image % Buckets];
        w.Write(SkeletonKind);
        w.Write(image);
        w.Write(answer);
        w.Write(file);
        w.Write(sourceId);
        w.Write(points.Length);
        foreach (var p in points)
        {
            w.Write(p.Name);
            w.Write(p.X);
            w.Write(p.Y);
            w.Write(p.Visible switch { null => (byte)0, false => (byte)1, true => (byte)2 });
        }
    }

    /// <summary>Every image's records, bucket by bucket, images of a bucket in ascending order.</summary>
    public IEnumerable<SpooledImage> Read()
    {
        for (var b = 0; b < Buckets; b++)
        {
            _writers[b].Flush();
            var images = new Dictionary<int, SpooledImage>();
            var file = _files[b];
            var end = file.Length;
            file.Position = 0;
            var r = new BinaryReader(file);
            while (file.Position < end)
            {
                var kind = r.ReadByte();
                var image = r.ReadInt32();
                if (!images.TryGetValue(image, out var group)) images[image] = group = new SpooledImage(image);
                if (kind == AnswerKind)
                {
                    group.Answers.Add(new SpooledAnswer(image, r.ReadInt32(), r.ReadInt32(), r.ReadInt32()));
                    continue;
                }
                int answer = r.ReadInt32(), fileIndex = r.ReadInt32();
                var source = r.ReadInt64();
                var points = new RawPoint[r.ReadInt32()];
                for (var i = 0; i < points.Length; i++)
                {
                    int name = r.ReadInt32();
                    double x = r.ReadDouble(), y = r.ReadDouble();
                    bool? visible = r.ReadByte() switch { 0 => null, 1 => false, _ => true };
                    points[i] = new RawPoint(name, x, y, visible);
                }
                group.Skeletons.Add(new SpooledSkeleton(image, answer, fileIndex, source, points));
            }
            file.Position = end;
            foreach (var key in images.Keys.Order()) yield return images[key];
        }
    }

    public void Dispose()
    {
        foreach (var w in _writers) w?.Dispose();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
