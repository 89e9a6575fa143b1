using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using GtCustomPose.Core;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Pre;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Simulation;
using GtCustomPose.Testing;

namespace GtCustomPose.Benchmarks;

/// <summary>PreAnnotation mapping per call, warm (target: at most 20 µs).</summary>
[MemoryDiagnoser]
public class PreAnnotationBenchmarks
{
    private readonly PreAnnotationSettings _settings = new(Rig.Coco17);
    private JsonElement _withPrelabels;
    private JsonElement _plain;

    [GlobalSetup]
    public void Setup()
    {
        _plain = JsonDocument.Parse(
            """{"version": "2018-10-16",""" +
            """ "labelingJobArn": "arn:aws:sagemaker:us-west-2:111122223333:labeling-job/pose",""" +
            """ "dataObject": {"source-ref": "s3://bucket/images/0001.jpg"}}""")
            .RootElement;
        var points = string.Join(",", Rig.Coco17.Keypoints.Select((k, i) =>
            $$"""{"label": "{{k.Label}}", "x": {{100 + i}}, "y": {{200 + i}}}"""));
        _withPrelabels = JsonDocument.Parse(
            $$$"""{"version": "2018-10-16", "labelingJobArn": "arn:job",""" +
            $$$""" "dataObject": {"source-ref": "s3://bucket/images/0001.jpg",""" +
            $$$""" "annotations": [{"name": "a", "annotations": [{{{points}}}]},""" +
            $$$""" {"name": "b", "annotations": [{{{points}}}]}]}}""")
            .RootElement;
    }

    [Benchmark]
    public PreAnnotationResponse MapNoPrelabels() => PreAnnotationMapper.Map(_plain, _settings);

    [Benchmark]
    public PreAnnotationResponse MapTwoSkeletonsOfPrelabels() => PreAnnotationMapper.Map(_withPrelabels, _settings);

    [Benchmark]
    public byte[] MapAndSerialize() =>
        JsonSerializer.SerializeToUtf8Bytes(
            PreAnnotationMapper.Map(_withPrelabels, _settings),
            CoreJsonContext.Default.PreAnnotationResponse);
}

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

/// <summary>
/// The largest batch from payload bytes to response bytes (1,000 objects x 9 workers x 3 skeletons x 17 keypoints).
/// </summary>
[MemoryDiagnoser]
public class LargestBatchBenchmarks
{
    private readonly InMemoryStore _store = new();
    private readonly PostAnnotationRequest _request = BenchRequest.Create();

    [GlobalSetup]
    public void Setup() => _store.Objects[BenchRequest.PayloadUri] = Batches.Payload(1000);

    [Benchmark]
    public async Task<long> ConsolidateLargestBatch()
    {
        using var output = new MemoryStream();
        return (await new BatchConsolidator(Rig.Coco17, _store).ConsolidateAsync(_request, output)).ResponseBytes;
    }
}
