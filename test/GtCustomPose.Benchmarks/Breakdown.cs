using System.Diagnostics;
using System.Globalization;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Simulation;

namespace GtCustomPose.Benchmarks;

/// <summary>Where the time of a batch goes: answer parsing versus consolidation, single thread.</summary>
internal static class Breakdown
{
    public static int Run(int objects)
    {
        var sim = new WorkerSimulator(Rig.Coco17, new SimulationSettings { WorkersPerObject = 9, MaxInstances = 3, FixedInstanceCount = true, WorkforceSize = 60, MissInstance = 0, MissKeypoint = 0, Occluded = 0 }, 1);
        var batch = sim.Generate(objects);
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            var parsed = batch.Select(o => o.Answers.Select(a => AnswerParser.Parse(a.WorkerId, a.Content, Rig.Coco17)).ToList()).ToList();
            var parse = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            foreach (var answers in parsed) Consolidator.Consolidate(answers, Rig.Coco17);
            var consolidate = clock.Elapsed.TotalMilliseconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: parse {parse:F0} ms, consolidate {consolidate:F0} ms for {objects} objects"));
        }
        return 0;
    }
}
