using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Consolidation;

/// <summary>Skeletons as arrays in rig order, the form the OKS loops read.</summary>
public static class RigArrays
{
    /// <summary>A consolidated label's skeletons as rig-order arrays (pixels), NaN where unplaced.</summary>
    public static List<(double[] X, double[] Y)> ToArrays(ConsolidatedLabel label, Rig rig)
    {
        ArgumentNullException.ThrowIfNull(label);
        return label.Instances
            .Select(i => ToArrays(i.Keypoints.Select(k => new Keypoint(k.Label, k.X, k.Y)), rig)).ToList();
    }

    /// <summary>Keypoints as rig-order arrays (pixels), NaN where unplaced; labels outside the rig are left out.
    /// </summary>
    public static (double[] X, double[] Y) ToArrays(IEnumerable<Keypoint> keypoints, Rig rig)
    {
        ArgumentNullException.ThrowIfNull(keypoints);
        ArgumentNullException.ThrowIfNull(rig);
        double[] x = new double[rig.Count], y = new double[rig.Count];
        Array.Fill(x, double.NaN);
        Array.Fill(y, double.NaN);
        foreach (var k in keypoints)
        {
            var i = rig.IndexOf(k.Label);
            if (i >= 0) { x[i] = k.X; y[i] = k.Y; }
        }
        return (x, y);
    }
}
