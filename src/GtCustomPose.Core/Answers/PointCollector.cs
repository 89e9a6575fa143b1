using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Answers;

/// <summary>
/// One skeleton's points under <see cref="SkeletonRules"/>: each label once (the first kept), finite coordinates, none
/// far outside the image. The caller owns the span of seen labels (stack memory, one per rig label).
/// </summary>
internal ref struct PointCollector
{
    private readonly Rig _rig;
    private readonly ImageSize? _bounds;
    private readonly Span<bool> _seen;
    private int _previous;

    /// <summary>Starts an empty skeleton; <paramref name="seen"/> must hold one entry per rig label.</summary>
    public PointCollector(Rig rig, ImageSize? bounds, Span<bool> seen, int capacity)
    {
        _rig = rig;
        _bounds = bounds;
        _seen = seen;
        _seen.Clear();
        _previous = -1;
        Points = new List<Keypoint>(Math.Min(capacity, rig.Count));
    }

    /// <summary>The points kept so far, in the order given.</summary>
    public List<Keypoint> Points { get; }

    /// <summary>Where in the rig the next label most likely is (pages list points in rig order).</summary>
    public readonly int LabelHint => _previous + 1;

    /// <summary>Applies the rules to one point (its label as a rig index, -1 when not in the rig) and keeps it if they
    /// allow.</summary>
    public PointVerdict Add(int label, double x, double y, bool? visible)
    {
        if (label < 0) return PointVerdict.UnknownLabel;
        if (!double.IsFinite(x)) return PointVerdict.BadX;
        if (!double.IsFinite(y)) return PointVerdict.BadY;
        if (_bounds is { } b && SkeletonRules.FarOutside(x, y, b)) return PointVerdict.FarOutside;
        if (_seen[label]) return PointVerdict.Duplicate;
        _seen[label] = true;
        _previous = label;
        Points.Add(new Keypoint(_rig.Keypoints[label].Label, x, y, visible));
        return PointVerdict.Kept;
    }
}
