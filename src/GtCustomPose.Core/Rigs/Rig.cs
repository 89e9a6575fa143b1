namespace GtCustomPose.Core.Rigs;

/// <summary>
/// A skeleton rig: keypoint classes, edges and left/right pairs. Immutable and validated on construction;
/// use <see cref="RigParser"/> to read one from JSON or <see cref="Coco17"/> for the default person rig.
/// </summary>
public sealed class Rig
{
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates and validates a rig.</summary>
    /// <exception cref="RigException">A label is empty or duplicated, an edge or pair names an unknown label, a colour
    /// is not #rgb/#rrggbb, or a sigma is not positive.</exception>
    public Rig(
        string name,
        IReadOnlyList<KeypointClass> keypoints,
        IReadOnlyList<RigEdge> edges,
        IReadOnlyList<(string Left, string Right)>? flipPairs = null)
    {
        Name = string.IsNullOrWhiteSpace(name) ? "custom" : name;
        if (keypoints.Count == 0) throw new RigException($"rig '{Name}' has no keypoints");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < keypoints.Count; i++)
        {
            var k = keypoints[i];
            if (string.IsNullOrWhiteSpace(k.Label)) throw new RigException(
                $"rig '{Name}': keypoints[{i}] has an empty label");
            if (!index.TryAdd(k.Label, i)) throw new RigException(
                $"rig '{Name}': duplicate keypoint label '{k.Label}' (keypoints[{index[k.Label]}] and keypoints[{i}])");
            if (!Colors.IsValid(k.Color)) throw new RigException(
                $"rig '{Name}': keypoint '{k.Label}' has colour '{k.Color}', expected #rgb or #rrggbb");
            if (!(k.Sigma > 0 && double.IsFinite(k.Sigma))) throw new RigException(
                $"rig '{Name}': keypoint '{k.Label}' has sigma {k.Sigma}, expected a positive number");
        }
        // A plain dictionary: a frozen one costs more to build than 17 lookups per answer ever save, and build time is
        // cold-start time.
        _index = index;
        foreach (var e in edges)
        {
            foreach (var end in new[] { e.From, e.To })
                if (!_index.ContainsKey(end)) throw new RigException(
                    $"rig '{Name}': edge [{e.From}, {e.To}] names unknown label '{end}'");
            if (!Colors.IsValid(e.Color)) throw new RigException(
                $"rig '{Name}': edge [{e.From}, {e.To}] has colour '{e.Color}', expected #rgb or #rrggbb");
        }
        var pairs = flipPairs ?? DeriveFlipPairs(keypoints);
        var flip = Enumerable.Range(0, keypoints.Count).ToArray();
        foreach (var (l, r) in pairs)
        {
            if (!_index.TryGetValue(l, out var li)) throw new RigException(
                $"rig '{Name}': flip pair [{l}, {r}] names unknown label '{l}'");
            if (!_index.TryGetValue(r, out var ri)) throw new RigException(
                $"rig '{Name}': flip pair [{l}, {r}] names unknown label '{r}'");
            if (li == ri || flip[li] != li || flip[ri] != ri) throw new RigException(
                $"rig '{Name}': flip pair [{l}, {r}] repeats a label");
            flip[li] = ri;
            flip[ri] = li;
        }
        _isLeft = new bool[keypoints.Count];
        foreach (var (l, _) in pairs) _isLeft[_index[l]] = true;
        Keypoints = keypoints;
        Edges = edges;
        FlipPairs = pairs;
        FlipIndex = _flip = flip;
        Sigmas = _sigmas = keypoints.Select(k => k.Sigma).ToArray();
        _oksRates = _sigmas.Select(s => Math.Log2(Math.E) / (8 * s * s)).ToArray();
        _utf8Labels = keypoints.Select(k => System.Text.Encoding.UTF8.GetBytes(k.Label)).ToArray();
        int nose = IndexOf("nose"), leftEye = IndexOf("left_eye"), rightEye = IndexOf("right_eye"),
            leftShoulder = IndexOf("left_shoulder"), rightShoulder = IndexOf("right_shoulder");
        if (nose >= 0 && leftEye >= 0 && rightEye >= 0 && leftShoulder >= 0 && rightShoulder >= 0)
            FacingLandmarks = new Facing(
                nose, leftEye, rightEye, leftShoulder, rightShoulder, IndexOf("left_hip"), IndexOf("right_hip"),
                IndexOf("left_knee"), IndexOf("right_knee"));
    }

    private readonly byte[][] _utf8Labels;
    private readonly int[] _flip;
    private readonly bool[] _isLeft;
    private readonly double[] _sigmas;
    private readonly double[] _oksRates;

    /// <summary>The COCO landmarks that tell which way a person faces; null when the rig lacks any of nose, eyes or
    /// shoulders.</summary>
    internal Facing? FacingLandmarks { get; private init; }

    /// <summary>Indices of the COCO landmarks that tell which way a person faces; hips and knees are -1 when the rig
    /// lacks them.</summary>
    internal sealed record Facing(
        int Nose,
        int LeftEye,
        int RightEye,
        int LeftShoulder,
        int RightShoulder,
        int LeftHip,
        int RightHip,
        int LeftKnee,
        int RightKnee);

    // Spans for the consolidation's inner loops, which an interface list would cost a call per element.
    internal ReadOnlySpan<int> FlipSpan => _flip;
    /// <summary>Per keypoint, whether it is the left one of its flip pair.</summary>
    internal ReadOnlySpan<bool> IsLeftSpan => _isLeft;
    internal ReadOnlySpan<double> SigmaSpan => _sigmas;
    /// <summary>Per keypoint, log2(e) / (2 (2σ)²): d² / area times this is the power of 1/2 that keypoint's OKS is.
    /// </summary>
    internal ReadOnlySpan<double> OksRateSpan => _oksRates;

    /// <summary>Rig name, shown in errors and exports.</summary>
    public string Name { get; }
    /// <summary>Keypoint classes in rig order (the COCO keypoint order for exports).</summary>
    public IReadOnlyList<KeypointClass> Keypoints { get; }
    /// <summary>Skeleton edges.</summary>
    public IReadOnlyList<RigEdge> Edges { get; }
    /// <summary>Left/right keypoint pairs that a mirror image exchanges.</summary>
    public IReadOnlyList<(string Left, string Right)> FlipPairs { get; }
    /// <summary>For each keypoint index, the index of its mirror partner (itself when unpaired).</summary>
    public IReadOnlyList<int> FlipIndex { get; }
    /// <summary>Per-keypoint OKS sigmas, in rig order.</summary>
    public IReadOnlyList<double> Sigmas { get; }
    /// <summary>Number of keypoint classes.</summary>
    public int Count => Keypoints.Count;

    /// <summary>Index of a label in rig order, or -1 when the rig has no such label.</summary>
    public int IndexOf(string label) => _index.TryGetValue(label, out var i) ? i : -1;

    /// <summary>Index of a JSON string's label in rig order, or -1; compares UTF-8 bytes, so no string is
    /// allocated.</summary>
    public int IndexOf(System.Text.Json.JsonElement label)
    {
        for (var i = 0; i < _utf8Labels.Length; i++)
            if (label.ValueEquals(_utf8Labels[i])) return i;
        return -1;
    }

    /// <summary>Index of a label given as unescaped UTF-8, trying <paramref name="hint"/> first; -1 when not in the
    /// rig.</summary>
    internal int IndexOf(ReadOnlySpan<byte> utf8, int hint)
    {
        if ((uint)hint < (uint)_utf8Labels.Length && utf8.SequenceEqual(_utf8Labels[hint])) return hint;
        for (var i = 0; i < _utf8Labels.Length; i++)
            if (i != hint && utf8.SequenceEqual(_utf8Labels[i])) return i;
        return -1;
    }

    /// <summary>Index of the label the reader is on (a JSON string), trying <paramref name="hint"/> first; -1 when not
    /// in the rig.</summary>
    internal int IndexOf(ref System.Text.Json.Utf8JsonReader reader, int hint)
    {
        // Answers list keypoints in rig order, so the hint is nearly always right.
        if ((uint)hint < (uint)_utf8Labels.Length && reader.ValueTextEquals(_utf8Labels[hint])) return hint;
        for (var i = 0; i < _utf8Labels.Length; i++)
            if (i != hint && reader.ValueTextEquals(_utf8Labels[i])) return i;
        return -1;
    }

    /// <summary>
    /// Pairs labels that differ only by a left/right word (<c>left_eye</c>/<c>right_eye</c>,
    /// <c>LeftHand</c>/<c>RightHand</c>, <c>l_knee</c>/<c>r_knee</c>).
    /// </summary>
    public static IReadOnlyList<(string Left, string Right)> DeriveFlipPairs(IReadOnlyList<KeypointClass> keypoints)
    {
        var labels = keypoints.Select(k => k.Label).ToHashSet(StringComparer.Ordinal);
        var pairs = new List<(string, string)>();
        foreach (var label in keypoints.Select(k => k.Label))
        {
            foreach (var (l, r) in SideWords)
            {
                if (!label.StartsWith(l, StringComparison.Ordinal)) continue;
                var partner = r + label[l.Length..];
                if (labels.Contains(partner)) { pairs.Add((label, partner)); break; }
            }
        }
        return pairs;
    }

    private static readonly (string, string)[] SideWords =
        [("left_", "right_"), ("left-", "right-"), ("Left", "Right"), ("left", "right"), ("l_", "r_"), ("L_", "R_")];

    /// <summary>The COCO 17-keypoint person rig with COCO's OKS sigmas; left side blue, right side orange, centre
    /// green.</summary>
    public static Rig Coco17 { get; } = CreateCoco17();

    private static Rig CreateCoco17()
    {
        const string Left = "#1f77b4", Right = "#ff7f0e", Centre = "#2ca02c";
        string[] labels =
        [
            "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
            "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip",
            "left_knee", "right_knee", "left_ankle", "right_ankle",
        ];
        double[] sigmas = [
            .026, .025, .025, .035, .035, .079, .079, .072, .072, .062, .062, .107, .107, .087, .087, .089, .089];
        string Side(string label) =>
            label.StartsWith("left", StringComparison.Ordinal) ? Left
                : label.StartsWith("right", StringComparison.Ordinal) ? Right
                : Centre;
        var keypoints = labels.Select((l, i) => new KeypointClass(l, Side(l), sigmas[i])).ToArray();
        int[][] skeleton = [
            [16, 14], [14, 12], [17, 15], [15, 13], [12, 13], [6, 12], [7, 13], [6, 7], [6, 8], [7, 9], [8, 10],
            [9, 11], [2, 3], [1, 2], [1, 3], [2, 4], [3, 5], [4, 6], [5, 7]];
        var edges = skeleton.Select(e =>
        {
            string a = labels[e[0] - 1], b = labels[e[1] - 1];
            var color = Side(a) == Side(b) ? Side(a) : Centre;
            return new RigEdge(a, b, color);
        }).ToArray();
        return new Rig("coco-person-17", keypoints, edges);
    }
}
