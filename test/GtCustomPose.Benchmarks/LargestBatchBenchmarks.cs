using BenchmarkDotNet.Attributes;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Testing;

namespace GtCustomPose.Benchmarks;

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
