using GtCustomPose.Core;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Simulation;

/// <summary>Scores labels against simulated truth.</summary>
public static class Evaluation
{
    /// <summary>
    /// Mean OKS over the truth skeletons: each is paired (Hungarian on OKS) with at most one predicted skeleton; an
    /// unpaired truth skeleton scores 0. OKS uses the truth's visible keypoints, the rig's sigmas and the truth box
    /// area;
    /// a visible keypoint the prediction lacks scores 0.
    /// </summary>
    public static double MeanOks(
        IReadOnlyList<TruthInstance> truth, IReadOnlyList<(double[] X, double[] Y)> predicted, Rig rig) =>
        truth.Count == 0 ? 1 : PerTruthOks(truth, predicted, rig).Average();

    /// <summary>The OKS of each truth skeleton to its paired prediction (0 when unpaired).</summary>
    public static double[] PerTruthOks(
        IReadOnlyList<TruthInstance> truth, IReadOnlyList<(double[] X, double[] Y)> predicted, Rig rig)
    {
        var scores = new double[truth.Count, predicted.Count];
        var cost = new double[truth.Count, predicted.Count];
        for (var t = 0; t < truth.Count; t++)
            for (var p = 0; p < predicted.Count; p++)
            {
                scores[t, p] = Oks(truth[t], predicted[p].X, predicted[p].Y, rig);
                cost[t, p] = 1 - scores[t, p];
            }
        var assignment = predicted.Count == 0 ? new int[truth.Count].Select(_ => -1).ToArray() : Hungarian.Solve(cost);
        return Enumerable.Range(0, truth.Count).Select(
            t => assignment[t] >= 0 ? scores[t, assignment[t]] : 0).ToArray();
    }

    /// <summary>COCO OKS of one prediction (rig order, NaN unplaced) to one truth skeleton: over the truth's visible
    /// keypoints, a missing predicted one scoring 0; 1 when none is visible.</summary>
    public static double Oks(TruthInstance truth, double[] x, double[] y, Rig rig)
    {
        var tx = new double[rig.Count];
        var ty = new double[rig.Count];
        for (var i = 0; i < rig.Count; i++)
            (tx[i], ty[i]) = truth.Visible[i] ? (truth.X[i], truth.Y[i]) : (double.NaN, double.NaN);
        return Geometry.Oks(x, y, tx, ty, rig.SigmaSpan, truth.Area, Geometry.OksPoints.Reference, none: 1);
    }
}
