using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// Our reimplementation of a medoid merge, the way CVAT's consensus merges skeletons: the annotators' skeletons are
/// matched into groups (each annotator's matched to the groups so far by OKS, Hungarian, a match needing OKS ≥
/// <see cref="MatchOks"/>), a group kept when at least <see cref="Quorum"/> of the annotators drew it, and each group's
/// result is one member's whole skeleton: the one with the highest summed OKS to the others.
/// </summary>
internal static class MedoidMerge
{
    /// <summary>Least OKS for two skeletons to be the same person.</summary>
    public const double MatchOks = 0.4;

    /// <summary>Share of the annotators that must have drawn a person for it to be kept.</summary>
    public const double Quorum = 0.5;

    public static List<(double[] X, double[] Y)> Merge(SimulatedObject o, Rig rig)
    {
        var answers = o.Answers
            .Select(a => AnswerParser.Parse(a.WorkerId, a.Content, rig).Instances
                .Select(i => RigArrays.ToArrays(i.Keypoints, rig)).ToList())
            .ToList();
        var groups = new List<List<(double[] X, double[] Y)>>();
        foreach (var skeletons in answers)
        {
            if (skeletons.Count == 0) continue;
            if (groups.Count == 0)
            {
                groups.AddRange(skeletons.Select(s => new List<(double[], double[])> { s }));
                continue;
            }
            var cost = new double[skeletons.Count, groups.Count];
            for (var i = 0; i < skeletons.Count; i++)
                for (var g = 0; g < groups.Count; g++)
                    cost[i, g] = 1 - Oks(skeletons[i], groups[g][0], rig);
            var assignment = HungarianAccess.Solve(cost);
            for (var i = 0; i < skeletons.Count; i++)
            {
                var g = assignment[i];
                if (g >= 0 && 1 - cost[i, g] >= MatchOks) groups[g].Add(skeletons[i]);
                else groups.Add([skeletons[i]]);
            }
        }
        return groups.Where(g => g.Count >= Quorum * answers.Count).Select(Medoid).ToList();

        (double[] X, double[] Y) Medoid(List<(double[] X, double[] Y)> g)
        {
            var best = 0;
            var bestScore = double.MinValue;
            for (var i = 0; i < g.Count; i++)
            {
                var score = 0.0;
                for (var j = 0; j < g.Count; j++) if (j != i) score += Oks(g[i], g[j], rig);
                if (score > bestScore) (best, bestScore) = (i, score);
            }
            return g[best];
        }
    }

    private static double Oks((double[] X, double[] Y) a, (double[] X, double[] Y) b, Rig rig) =>
        Geometry.Oks(a.X, a.Y, b.X, b.Y, rig.Sigmas.ToArray(),
            (Geometry.Area(a.X, a.Y) + Geometry.Area(b.X, b.Y)) / 2);
}
