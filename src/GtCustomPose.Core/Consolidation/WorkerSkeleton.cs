using System.Runtime.InteropServices;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// One worker's skeleton as the stages see it: coordinates in rig order, NaN where the worker placed nothing, turned in
/// place when side repair mirrors it or swaps a pair.
/// </summary>
internal sealed class WorkerSkeleton
{
    public WorkerSkeleton(int worker, SkeletonInstance instance, Rig rig)
    {
        Worker = worker;
        Name = instance.Name;
        Facing = instance.Facing;
        X = new double[rig.Count];
        Y = new double[rig.Count];
        Array.Fill(X, double.NaN);
        Array.Fill(Y, double.NaN);
        var next = 0;
        // The parser's lists are read as spans: no enumerator and no interface call per keypoint.
        ReadOnlySpan<Keypoint> keypoints = instance.Keypoints switch
        {
            List<Keypoint> list => CollectionsMarshal.AsSpan(list),
            Keypoint[] array => array,
            var other => other.ToArray(),
        };
        foreach (var k in keypoints)
        {
            // Keypoints come in rig order, their labels the rig's own strings: the dictionary is the fallback.
            var inOrder = next < rig.Count && ReferenceEquals(rig.Keypoints[next].Label, k.Label);
            var i = inOrder ? next : rig.IndexOf(k.Label);
            if (i >= 0)
            {
                X[i] = k.X;
                Y[i] = k.Y;
                // Most answers state no visibility: the array exists only for those that do.
                if (k.Visible is { } visible) (Visible ??= new bool?[rig.Count])[i] = visible;
            }
            next = i + 1;
        }
    }

    /// <summary>Index of the worker's answer among the object's usable answers.</summary>
    public readonly int Worker;

    /// <summary>The name the worker gave the skeleton.</summary>
    public readonly string Name;

    /// <summary>Pixels, rig order, NaN where not placed.</summary>
    public readonly double[] X, Y;

    /// <summary>
    /// What the worker said of each keypoint's visibility (rig order; null where it said nothing); null when it said
    /// nothing of any.
    /// </summary>
    public bool?[]? Visible;

    /// <summary>Which way the worker said the person faces.</summary>
    public readonly Facing Facing;

    /// <summary>Turned from how it was drawn (left and right exchanged as a whole).</summary>
    public bool Mirrored;

    /// <summary>Single left/right pairs swapped back.</summary>
    public int PairSwaps;

    /// <summary>Whether side repair changed it from how it was drawn.</summary>
    public bool Swapped => Mirrored || PairSwaps > 0;

    public bool IsEmpty
    {
        get
        {
            foreach (var x in X) if (!double.IsNaN(x)) return false;
            return true;
        }
    }

    public void Mirror(ReadOnlySpan<int> flip)
    {
        for (var i = 0; i < X.Length; i++)
            if (flip[i] > i) Swap(i, flip[i]);
        Mirrored = !Mirrored;
    }

    public void Swap(int a, int b)
    {
        (X[a], X[b]) = (X[b], X[a]);
        (Y[a], Y[b]) = (Y[b], Y[a]);
        if (Visible is { } v) (v[a], v[b]) = (v[b], v[a]);
    }
}
