using BenchmarkDotNet.Attributes;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Benchmarks;

/// <summary>Answer parsing and consolidation of one object (3 skeletons x 17 keypoints).</summary>
[MemoryDiagnoser]
public class ConsolidationBenchmarks
{
    // UTF-8, as the payload reader hands answers over.
    private byte[] _answer = [];
    private List<WorkerAnswer> _answers = [];

    [Params(3, 5, 9)]
    public int Workers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var sim = new WorkerSimulator(
            Rig.Coco17,
            new SimulationSettings { WorkersPerObject = Workers, MaxInstances = 3, FixedInstanceCount = true },
            3);
        var o = sim.Next("0", "s3://b/i.png");
        _answer = System.Text.Encoding.UTF8.GetBytes(o.Answers[0].Content);
        _answers = o.Answers.Select(a => AnswerParser.Parse(a.WorkerId, a.Content, Rig.Coco17)).ToList();
    }

    [Benchmark]
    public WorkerAnswer ParseOneAnswer() => AnswerParser.Parse("w", _answer, Rig.Coco17);

    [Benchmark]
    public ConsolidatedLabel? ConsolidateOneObject() => Consolidator.Consolidate(_answers, Rig.Coco17);
}
