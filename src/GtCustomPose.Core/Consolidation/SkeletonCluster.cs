namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// The skeletons of different workers taken to be one person, at most one per worker, with the median of their
/// keypoints as the centre.
/// </summary>
internal sealed class SkeletonCluster
{
    public readonly List<WorkerSkeleton> Members = [];

    /// <summary>The centre: per keypoint the median of the members that placed it, NaN where none did.</summary>
    public readonly double[] X, Y;

    // Per keypoint i, the coordinates of the members that placed it, ascending, at [i * _stride, i * _stride +
    // _placed[i]): the centre is their median, and each member's leave-one-out median drops one rank. A member
    // joining is one insertion, not a sort.
    private readonly double[] _sortedX, _sortedY;
    private readonly int _stride;
    private readonly int[] _placed;

    /// <param name="k">Keypoints in the rig.</param>
    /// <param name="capacity">
    /// Members expected (the object's workers: one skeleton each at most), so the columns are allocated once.
    /// </param>
    public SkeletonCluster(int k, int capacity)
    {
        X = new double[k];
        Y = new double[k];
        _placed = new int[k];
        _stride = Math.Max(1, capacity);
        _sortedX = new double[k * _stride];
        _sortedY = new double[k * _stride];
    }

    public void Add(WorkerSkeleton o)
    {
        // Matching gives a cluster at most one skeleton of each worker.
        if (Members.Count == _stride)
            throw new InvalidOperationException($"a cluster sized for {_stride} workers got another skeleton");
        Members.Add(o);
        Insert(o);
        Centre();
    }

    /// <summary>Members were mirrored or swapped: the columns and the centre are taken again.</summary>
    public void Changed()
    {
        Array.Clear(_placed);
        foreach (var m in Members) Insert(m);
        Centre();
    }

    /// <summary>Members' keypoints <paramref name="a"/> and <paramref name="b"/> were swapped: those two columns and
    /// their centre are taken again, as <see cref="Changed()"/> would.</summary>
    public void Changed(int a, int b)
    {
        Retake(a);
        Retake(b);
    }

    private void Retake(int i)
    {
        _placed[i] = 0;
        foreach (var m in Members) Insert(m, i);
        X[i] = Geometry.MedianWithout(Column(_sortedX, i), -1);
        Y[i] = Geometry.MedianWithout(Column(_sortedY, i), -1);
    }

    /// <summary>
    /// Per keypoint, how many members placed it (kept with the columns, so current after <see cref="Changed()"/>).
    /// </summary>
    public ReadOnlySpan<int> Placed => _placed;

    /// <summary>Members turned from how they were drawn.</summary>
    public int MirroredMembers
    {
        get
        {
            var n = 0;
            foreach (var m in Members) if (m.Mirrored) n++;
            return n;
        }
    }

    private ReadOnlySpan<double> Column(double[] sorted, int i) => sorted.AsSpan(i * _stride, _placed[i]);

    private void Insert(WorkerSkeleton o)
    {
        for (var i = 0; i < X.Length; i++) Insert(o, i);
    }

    private void Insert(WorkerSkeleton o, int i)
    {
        if (double.IsNaN(o.X[i])) return;
        var n = _placed[i]++;
        InsertSorted(_sortedX.AsSpan(i * _stride, n + 1), o.X[i]);
        InsertSorted(_sortedY.AsSpan(i * _stride, n + 1), o.Y[i]);
    }

    /// <summary>Inserts into the ascending values before the last slot of <paramref name="sorted"/>.</summary>
    private static void InsertSorted(Span<double> sorted, double value)
    {
        var j = sorted.Length - 2;
        for (; j >= 0 && sorted[j] > value; j--) sorted[j + 1] = sorted[j];
        sorted[j + 1] = value;
    }

    private void Centre()
    {
        for (var i = 0; i < X.Length; i++)
        {
            X[i] = Geometry.MedianWithout(Column(_sortedX, i), -1);
            Y[i] = Geometry.MedianWithout(Column(_sortedY, i), -1);
        }
    }

    /// <summary>
    /// Of a column's three medians without one rank (<see cref="MediansWithoutOne"/>), the one without the first copy
    /// of <paramref name="value"/>, a value of the column: that copy lies below the middle index exactly when the value
    /// before the middle is not smaller, and at it when the middle value equals it. (Two comparisons where a search
    /// for the rank took one per value, each a branch the processor could not foresee.)
    /// </summary>
    private static double Without(ReadOnlySpan<double> sorted, double value,
        (double Below, double At, double Above) medians)
    {
        var middle = (sorted.Length - 1) / 2;
        return middle > 0 && sorted[middle - 1] >= value ? medians.Below
            : sorted[middle] == value ? medians.At
            : medians.Above;
    }

    /// <summary>
    /// Per member and keypoint, the median of the other members that placed it; NaN when none did. Member j's keypoint
    /// i goes to [j * keypoints + i] of <paramref name="x"/> and <paramref name="y"/> (at least members × keypoints
    /// long): the caller's buffers, as the figures are read once.
    /// </summary>
    public void LeaveOneOut(Span<double> x, Span<double> y)
    {
        var n = Members.Count;
        var k = X.Length;
        for (var i = 0; i < k; i++)
        {
            ReadOnlySpan<double> xs = Column(_sortedX, i), ys = Column(_sortedY, i);
            // Dropping one rank leaves one of three medians (below the middle, at it, above it), so each column's
            // three are taken once rather than once per member.
            var xMedians = MediansWithoutOne(xs);
            var yMedians = MediansWithoutOne(ys);
            var xNone = Geometry.MedianWithout(xs, -1);
            var yNone = Geometry.MedianWithout(ys, -1);
            for (var j = 0; j < n; j++)
            {
                var m = Members[j];
                var placed = !double.IsNaN(m.X[i]);
                x[j * k + i] = placed ? Without(xs, m.X[i], xMedians) : xNone;
                y[j * k + i] = placed ? Without(ys, m.Y[i], yMedians) : yNone;
            }
        }
    }

    /// <summary>
    /// <see cref="Geometry.MedianWithout"/> of a column without a rank below its middle index ((count - 1) / 2), at
    /// it, and above it: which values remain at the middle depends only on that.
    /// </summary>
    private static (double Below, double At, double Above) MediansWithoutOne(ReadOnlySpan<double> sorted)
    {
        if (sorted.Length == 0) return (double.NaN, double.NaN, double.NaN);
        var middle = (sorted.Length - 1) / 2;
        return (
            middle > 0 ? Geometry.MedianWithout(sorted, 0) : double.NaN,
            Geometry.MedianWithout(sorted, middle),
            middle + 1 < sorted.Length ? Geometry.MedianWithout(sorted, sorted.Length - 1) : double.NaN);
    }
}
