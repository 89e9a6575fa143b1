using FluentAssertions;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Core.Tests;

public sealed class WorkerSimulatorTests
{
    private static readonly Rig Rig = Rig.Coco17;

    private static IEnumerable<(SimulatedAnswer Answer, DrawnInstance Drawn, TruthInstance Truth)> Drawn(int seed)
    {
        var sim = new WorkerSimulator(Rig, new SimulationSettings { WorkersPerObject = 5 }, seed);
        foreach (var o in sim.Generate(300))
            foreach (var a in o.Answers)
                foreach (var d in a.Drawn)
                    yield return (a, d, o.Truth[d.TruthIndex]);
    }

    [Fact]
    public void Sources_EveryCleanClick_LiesWithinSixDeviationsOfTheTruthKeypointItNames()
    {
        var checkedClicks = 0;
        foreach (var (a, d, truth) in Drawn(3))
            for (var i = 0; i < Rig.Count; i++)
            {
                if (double.IsNaN(d.X[i]) || d.Outlier[i]) continue;
                var k = d.Sources[i];
                var sd = a.NoiseRelative * Math.Sqrt(truth.Area) * 2 * Rig.Sigmas[k] * (truth.Visible[k] ? 1 : 2);
                var distance = Math.Sqrt(Math.Pow(d.X[i] - truth.X[k], 2) + Math.Pow(d.Y[i] - truth.Y[k], 2));
                distance.Should().BeLessThan(6 * sd + 1, "label {0} was put on truth keypoint {1}", i, k);
                checkedClicks++;
            }
        checkedClicks.Should().BeGreaterThan(10_000);
    }

    [Fact]
    public void Sources_MirrorsAndSwappedPairs_AreTheOnlyLabelsOffTheirOwnKeypoint()
    {
        var (mirrored, swapped) = (0, 0);
        foreach (var (_, d, _) in Drawn(4))
        {
            var expected = Enumerable.Range(0, Rig.Count).Select(i => d.Mirrored ? Rig.FlipIndex[i] : i).ToArray();
            var off = Enumerable.Range(0, Rig.Count).Count(i => d.Sources[i] != expected[i]);
            off.Should().Be(2 * d.SwappedPairs);
            d.Sources.Order().Should().Equal(Enumerable.Range(0, Rig.Count));
            mirrored += d.Mirrored ? 1 : 0;
            swapped += d.SwappedPairs;
        }
        mirrored.Should().BeGreaterThan(0);
        swapped.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Answers_ViewerSideWorkers_MirrorExactlyThePeopleFacingTheCamera()
    {
        var settings = new SimulationSettings
        {
            WorkersPerObject = 5, WorkforceSize = 10, ViewerSideShare = 0.2, MirrorSkeleton = 0, SwapPair = 0,
        };
        int ls = Rig.IndexOf("left_shoulder"), rs = Rig.IndexOf("right_shoulder");
        var byWorker = new Dictionary<string, (int Front, int FrontMirrored, int BackMirrored)>();
        foreach (var o in new WorkerSimulator(Rig, settings, 5).Generate(200))
            foreach (var a in o.Answers)
                foreach (var d in a.Drawn)
                {
                    var t = o.Truth[d.TruthIndex];
                    var front = t.X[ls] > t.X[rs];
                    var (f, fm, bm) = byWorker.GetValueOrDefault(a.WorkerId);
                    byWorker[a.WorkerId] = front
                        ? (f + 1, fm + (d.Mirrored ? 1 : 0), bm)
                        : (f, fm, bm + (d.Mirrored ? 1 : 0));
                }
        byWorker.Values.Should().OnlyContain(w => w.BackMirrored == 0 && w.Front > 0);
        byWorker.Values.Count(w => w.FrontMirrored == w.Front).Should().Be(2);
        byWorker.Values.Count(w => w.FrontMirrored == 0).Should().Be(8);
    }
}
