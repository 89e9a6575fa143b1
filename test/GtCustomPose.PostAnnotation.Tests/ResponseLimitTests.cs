using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Testing;

namespace GtCustomPose.PostAnnotation.Tests;

/// <summary>Lambda's 6 MB response limit is the function's rule: full labels when they fit, compact when not.</summary>
public class ResponseLimitTests
{
    private const string PayloadUri = "s3://labels/batch.json";

    private static async Task<(JsonElement Response, long Bytes, List<string> Log)> Run(
        int objects, int workers, int skeletons)
    {
        var sim = new WorkerSimulator(Rig.Coco17, new SimulationSettings
        {
            WorkersPerObject = workers, MaxInstances = skeletons, FixedInstanceCount = true, WorkforceSize = 60,
            MissInstance = 0, MissKeypoint = 0, Occluded = 0,
        }, 1);
        var payload = new StringBuilder("[");
        foreach (var o in sim.Generate(objects))
        {
            if (payload.Length > 1) payload.Append(',');
            // Worker ids as long as Ground Truth's.
            var answers = o.Answers.Select(a =>
            {
                var workerId = a.WorkerId.Replace(
                    "private.us-west-2.", "private.us-west-2.abcdefghijklmnopqrst", StringComparison.Ordinal);
                var content = JsonSerializer.Serialize(a.Content);
                return $$$"""{"workerId": "{{{workerId}}}", "annotationData": {"content": {{{content}}}}}""";
            });
            payload.Append(
                $$"""{"datasetObjectId": "{{o.DatasetObjectId}}", "annotations": [{{string.Join(",", answers)}}]}""");
        }
        payload.Append(']');
        var store = new InMemoryStore();
        store.Put(PayloadUri, payload.ToString());
        var log = new List<string>();
        var function = new Function(Rig.Coco17, store, new BatchOptions { Log = log.Add });
        var evt = """{"version": "2018-10-06", "labelAttributeName": "pose-estimation-labels", "payload": """ +
            $$$"""{"s3Uri": "{{{PayloadUri}}}"}}""";
        await using var output = await function.FunctionHandler(new MemoryStream(Encoding.UTF8.GetBytes(evt)));
        var bytes = output.Length;
        return ((await JsonDocument.ParseAsync(output)).RootElement.Clone(), bytes, log);
    }

    private static bool Compact(JsonElement entry) =>
        entry.GetProperty("consolidatedAnnotation").GetProperty("content").GetProperty("pose-estimation-labels")
            .GetProperty("consolidation").TryGetProperty("compact", out var c) && c.GetBoolean();

    [Fact]
    public async Task FunctionHandler_LargestBatch_FullLabelsFitLambdasLimit()
    {
        // 1,000 objects x 9 workers x 3 skeletons x 17 keypoints.
        var (response, bytes, log) = await Run(1000, 9, 3);

        response.GetArrayLength().Should().Be(1000);
        bytes.Should().BeLessThan(Function.ResponseLimitBytes);
        response.EnumerateArray().Should().NotContain(e => Compact(e));
        log.Should().Contain(l =>
            l.StartsWith("response written: ", StringComparison.Ordinal) && !l.Contains("compact"));
    }

    [Fact]
    public async Task FunctionHandler_FiveThousandObjects_WritesCompactLabelsToFit()
    {
        var (response, bytes, log) = await Run(5000, 2, 1);

        response.GetArrayLength().Should().Be(5000);
        bytes.Should().BeLessThanOrEqualTo(Function.ResponseLimitBytes);
        response.EnumerateArray().Should()
            .OnlyContain(e => Compact(e), "5,000 full labels would not fit Lambda's 6 MB");
        log.Should().Contain(l => l.Contains("over Lambda's limit; writing compact labels"));
    }
}
