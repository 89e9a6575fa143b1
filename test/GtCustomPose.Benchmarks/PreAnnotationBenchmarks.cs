using System.Text.Json;
using BenchmarkDotNet.Attributes;
using GtCustomPose.Core;
using GtCustomPose.Core.Pre;
using GtCustomPose.Core.Rigs;

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
