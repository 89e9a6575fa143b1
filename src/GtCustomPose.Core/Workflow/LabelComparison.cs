using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Workflow;

/// <summary>Compares two labels of one object with the COCO OKS the consolidation uses.</summary>
internal static class LabelComparison
{
    /// <summary>
    /// Compares <paramref name="before"/> with <paramref name="after"/>: skeletons are paired by the Hungarian
    /// assignment on OKS; a pair's OKS runs over the keypoints either label placed (one placed by only one of them
    /// scores 0), with the rig's sigmas and the box area of <paramref name="after"/>'s skeleton as the scale.
    /// </summary>
    public static LabelChange Compare(ConsolidatedLabel before, ConsolidatedLabel after, Rig rig)
    {
        var a = RigArrays.ToArrays(before, rig);
        var b = RigArrays.ToArrays(after, rig);
        var count = Math.Max(a.Count, b.Count);
        if (count == 0) return new LabelChange(1, false);
        if (a.Count == 0 || b.Count == 0) return new LabelChange(0, true);
        var scores = new double[a.Count, b.Count];
        var cost = new double[a.Count, b.Count];
        for (var i = 0; i < a.Count; i++)
            for (var j = 0; j < b.Count; j++)
            {
                scores[i, j] = PairOks(a[i], b[j], rig);
                cost[i, j] = 1 - scores[i, j];
            }
        var assignment = Hungarian.Solve(cost);
        double sum = 0;
        for (var i = 0; i < a.Count; i++)
            if (assignment[i] >= 0) sum += scores[i, assignment[i]];
        return new LabelChange(sum / count, a.Count != b.Count);
    }

    private static double PairOks((double[] X, double[] Y) a, (double[] X, double[] Y) b, Rig rig) =>
        Geometry.Oks(a.X, a.Y, b.X, b.Y, rig.SigmaSpan, Geometry.Area(b.X, b.Y), Geometry.OksPoints.Either, none: 1);
}
