namespace GtCustomPose.Core.Interop;

/// <summary>One input file of a <see cref="ImportSession"/>: who answered in it and the keypoint names it
/// uses.</summary>
public sealed class ImportFile
{
    private readonly Dictionary<string, int> _nameIds = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    internal ImportFile(int index, string path)
    {
        Index = index;
        Path = path;
    }

    /// <summary>Position among the session's files, from 0.</summary>
    public int Index { get; }

    /// <summary>The file as given.</summary>
    public string Path { get; }

    /// <summary>The file's name without its folder, as problem lines name it.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>Keypoint names in the order the file declares them (a category's <c>keypoints</c>, a skeleton's
    /// nodes) or first uses them.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Whether the file declares its keypoint names (a COCO category, CVAT's <c>&lt;meta&gt;</c>) rather than
    /// only using them.</summary>
    public bool DeclaresNames { get; internal set; }

    /// <summary>The skeleton's edges as keypoint-name pairs, when the file declares them.</summary>
    public List<(string From, string To)> Edges { get; } = [];

    /// <summary>The COCO category id the file's people have, when it is a COCO file.</summary>
    public long? CategoryId { get; internal set; }

    /// <summary>The category or skeleton label the file's people belong to, when it names one.</summary>
    public string? Category { get; internal set; }

    /// <summary>Why the whole file is left out (invalid, truncated, disagreeing names); null while it is
    /// used.</summary>
    public string? Excluded { get; internal set; }

    /// <summary>Per name id, the rig index (-1: not in the rig); set once the rig is known.</summary>
    internal int[] RigIndex { get; set; } = [];

    /// <summary>The id of a keypoint name within this file, added when new.</summary>
    internal int NameId(string name)
    {
        if (_nameIds.TryGetValue(name, out var id)) return id;
        id = _names.Count;
        _names.Add(name);
        _nameIds.Add(name, id);
        return id;
    }

    /// <summary>The id of a name the file already has; -1 when it has none such.</summary>
    internal int KnownNameId(string name) => _nameIds.TryGetValue(name, out var id) ? id : -1;
}
