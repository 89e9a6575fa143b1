using System.Text.Json;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests;

public class InvokeTests
{
    [Fact]
    public async Task InvokePreAnnotation_SampleEvent_PrintsResponseAndExitsZero()
    {
        var (code, output, _) = await Gtpose.RunAsync("invoke", "pre-annotation", "--event", Path.Combine(AppContext.BaseDirectory, "samples", "events", "pre-annotation.json"));
        code.Should().Be(0);
        var response = JsonDocument.Parse(output).RootElement;
        response.GetProperty("taskInput").GetProperty("initial_values")[0].GetProperty("annotations").GetArrayLength().Should().Be(3);
    }

    [Fact]
    public async Task InvokePreAnnotation_BadEvent_PrintsErrorAndExitsOne()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """{"labelingJobArn": "arn:job", "dataObject": {"image": "x"}}""");
        var (code, output, _) = await Gtpose.RunAsync("invoke", "pre-annotation", "--event", file);
        code.Should().Be(1);
        var error = JsonDocument.Parse(output).RootElement;
        error.GetProperty("errorType").GetString().Should().Be("DataObjectException");
        error.GetProperty("errorMessage").GetString().Should().Contain("keys: image");
    }

    [Fact]
    public async Task InvokePostAnnotation_AgainstMotoServer_ConsolidatesTheBatch()
    {
        using var moto = new MotoServer();
        await moto.CreateBucketAsync("gtpose-cli");
        var answer = """{"annotatedResult": {"inputImageProperties": {"height": 480, "width": 640}, "keypoints": [{"label": "nose", "x": 100, "y": 50}, {"label": "left_eye", "x": 104, "y": 46}]}}""";
        await moto.PutAsync("gtpose-cli", "answers/w2.json", answer);
        var content = JsonSerializer.Serialize(answer);
        await moto.PutAsync("gtpose-cli", "batch.json", $$$"""[{"datasetObjectId": "7", "dataObject": {"s3Uri": "s3://gtpose-cli/i.png"}, "annotations": [{"workerId": "w1", "annotationData": {"content": {{{content}}}}}, {"workerId": "w2", "annotationData": {"s3Uri": "s3://gtpose-cli/answers/w2.json"}}]}]""");
        var evt = Path.GetTempFileName();
        await File.WriteAllTextAsync(evt, """{"version": "2018-10-16", "labelingJobArn": "arn:job", "labelAttributeName": "pose", "payload": {"s3Uri": "s3://gtpose-cli/batch.json"}}""");
        var (code, output, err) = await Gtpose.RunAsync(moto.Environment, "invoke", "post-annotation", "--event", evt);
        code.Should().Be(0, err);
        var entry = JsonDocument.Parse(output).RootElement.EnumerateArray().Single();
        entry.GetProperty("datasetObjectId").GetString().Should().Be("7");
        entry.GetProperty("consolidatedAnnotation").GetProperty("content").GetProperty("pose").GetProperty("workers").GetArrayLength().Should().Be(2);
    }
}
