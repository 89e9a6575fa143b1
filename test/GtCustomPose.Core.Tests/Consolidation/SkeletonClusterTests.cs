using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Tests;

/// <summary>A cluster's leave-one-out medians, read from its sorted columns.</summary>
public class SkeletonClusterTests
{
    [Fact]
    public void LeaveOneOut_RandomMembersWithTies_EqualsTheMedianOfTheOthers()
    {
        var rig = Rig.Coco17;
        var random = new Random(17);
        for (var trial = 0; trial < 300; trial++)
        {
            var n = 1 + random.Next(9);
            var cluster = new SkeletonCluster(rig.Count, n);
            for (var w = 0; w < n; w++)
            {
                // Few distinct coordinates, so equal clicks are common; some keypoints unplaced.
                var keypoints = rig.Keypoints.Where(_ => random.Next(5) != 0)
                    .Select(k => new Keypoint(k.Label, random.Next(4), random.Next(3))).ToList();
                if (keypoints.Count == 0) keypoints.Add(new Keypoint(rig.Keypoints[0].Label, 1, 1));
                cluster.Add(new WorkerSkeleton(w, new SkeletonInstance("person", keypoints), rig));
            }

            // Buffers longer than needed, holding other figures, as rented ones do.
            double[] x = new double[n * rig.Count + 5], y = new double[n * rig.Count + 5];
            Array.Fill(x, -1);
            Array.Fill(y, -1);
            cluster.LeaveOneOut(x, y);

            for (var j = 0; j < n; j++)
                for (var i = 0; i < rig.Count; i++)
                {
                    var others = cluster.Members.Where((m, o) => o != j && !double.IsNaN(m.X[i])).ToList();
                    double Median(Func<WorkerSkeleton, double> of) =>
                        others.Count == 0 ? double.NaN : Geometry.Median(others.Select(of).ToArray());
                    // Without a click of its own, a member's leave-one-out median is the median of all.
                    var all = double.IsNaN(cluster.Members[j].X[i]);
                    x[j * rig.Count + i].Should().Be(all ? cluster.X[i] : Median(m => m.X[i]), $"trial {trial}");
                    y[j * rig.Count + i].Should().Be(all ? cluster.Y[i] : Median(m => m.Y[i]), $"trial {trial}");
                }
        }
    }
}
