using System.Text.Json;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests;

public class InvokeTests
{
    [Fact]
    public async Task InvokePreAnnotation_SampleEvent_PrintsResponseAndExitsZero()
    {
        var (code, output, _) = await Gtpose.RunAsync("invoke", "pre-annotation", "--event",
            Path.Combine(AppContext.BaseDirectory, "samples", "events", "pre-annotation.json"));
        code.Should().Be(0);
        var response = JsonDocument.Parse(output).RootElement;
        response.GetProperty("taskInput").GetProperty("initial_values")[0].GetProperty("annotations").GetArrayLength()
            .Should().Be(3);
    }

    [Fact]
    public async Task InvokeReconsolidate_UnknownMode_OnlyTheErrorOnStdoutAndExitsOne()
    {
        using var store = new TempFolder("gtpose-invoke");
        var file = Path.Combine(store, "event.json");
        await File.WriteAllTextAsync(file,
            """{"mode": "shuffle", "manifestS3Uri": "s3://b/in.manifest", "jobOutputS3Uri": "s3://b/job/",""" +
            """ "outputS3Uri": "s3://b/out.manifest"}""");

        var (code, output, _) = await Gtpose.RunAsync("invoke", "reconsolidate", "--event", file, "--store", store);

        code.Should().Be(1);
        var error = JsonDocument.Parse(output).RootElement;
        error.GetProperty("errorType").GetString().Should().Be("WorkflowException");
        error.GetProperty("errorMessage").GetString().Should()
            .Be("reconsolidate: 'mode' is 'shuffle', expected job, plan, statistics, reduce, labels or assemble");
    }

    [Fact]
    public async Task InvokePreAnnotation_BadEvent_PrintsErrorAndExitsOne()
    {
        using var temp = new TempFolder("gtpose-file");
        var file = Path.Combine(temp, "file.json");
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
        var answer = """{"annotatedResult": {"inputImageProperties": {"height": 480, "width": 640}, "keypoints": """ +
            """[{"label": "nose", "x": 100, "y": 50}, {"label": "left_eye", "x": 104, "y": 46}]}}""";
        await moto.PutAsync("gtpose-cli", "answers/w2.json", answer);
        var content = JsonSerializer.Serialize(answer);
        var batch =
            """[{"datasetObjectId": "7", "dataObject": {"s3Uri": "s3://gtpose-cli/i.png"}, "annotations": """ +
            $$$"""[{"workerId": "w1", "annotationData": {"content": {{{content}}}}}, """ +
            """{"workerId": "w2", "annotationData": {"s3Uri": "s3://gtpose-cli/answers/w2.json"}}]}]""";
        await moto.PutAsync("gtpose-cli", "batch.json", batch);
        using var temp = new TempFolder("gtpose-evt");
        var evt = Path.Combine(temp, "evt.json");
        await File.WriteAllTextAsync(
            evt,
            """{"version": "2018-10-16", "labelingJobArn": "arn:job", "labelAttributeName": "pose", "payload": """ +
            """{"s3Uri": "s3://gtpose-cli/batch.json"}}""");
        var (code, output, err) = await Gtpose.RunAsync(moto.Environment, "invoke", "post-annotation", "--event", evt);
        code.Should().Be(0, err);
        var entry = JsonDocument.Parse(output).RootElement.EnumerateArray().Single();
        entry.GetProperty("datasetObjectId").GetString().Should().Be("7");
        entry.GetProperty("consolidatedAnnotation").GetProperty("content").GetProperty("pose")
            .GetProperty("workers").GetArrayLength().Should().Be(2);
    }

    private static readonly Dictionary<string, string> NoCredentials = new()
    {
        ["AWS_ACCESS_KEY_ID"] = "", ["AWS_SECRET_ACCESS_KEY"] = "", ["AWS_SESSION_TOKEN"] = "", ["AWS_PROFILE"] = "",
        ["AWS_ENDPOINT_URL_S3"] = "", ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials",
        ["AWS_CONFIG_FILE"] = "/nonexistent/config", ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    /// <summary>Writes <paramref name="text"/> as event.json in the folder; returns its path.</summary>
    private static string EventFile(string folder, string text)
    {
        var file = Path.Combine(folder, "event.json");
        File.WriteAllText(file, text);
        return file;
    }

    /// <summary>Writes a two-worker batch at s3://b/batch.json into the store folder; returns the event naming
    /// it.</summary>
    private static string TwoWorkerBatch(string store)
    {
        Directory.CreateDirectory(Path.Combine(store, "b"));
        static string Answer(int dx) => JsonSerializer.Serialize(
            """{"annotatedResult": {"inputImageProperties": {"height": 480, "width": 640}, "keypoints": """ +
            $$$"""[{"label": "nose", "x": {{{100 + dx}}}, "y": 50}, """ +
            $$$"""{"label": "left_eye", "x": {{{104 + dx}}}, "y": 46}, """ +
            $$$"""{"label": "right_eye", "x": {{{96 + dx}}}, "y": 46}]}}""");
        File.WriteAllText(
            Path.Combine(store, "b", "batch.json"),
            """[{"datasetObjectId": "0", "dataObject": {"s3Uri": "s3://b/i.png"}, "annotations": """ +
            $$$"""[{"workerId": "w1", "annotationData": {"content": {{{Answer(0)}}}}}, """ +
            $$$"""{"workerId": "w2", "annotationData": {"content": {{{Answer(1)}}}}}]}]""");
        return EventFile(store,
            """{"version": "2018-10-16", "labelingJobArn": "arn:job", "labelAttributeName": "pose", "payload": """ +
            """{"s3Uri": "s3://b/batch.json"}}""");
    }

    private static List<string> ReviewReasons(string output) =>
        JsonDocument.Parse(output).RootElement[0]
            .GetProperty("consolidatedAnnotation").GetProperty("content").GetProperty("pose")
            .GetProperty("review_reasons").EnumerateArray().Select(r => r.GetString()!).ToList();

    [Fact]
    public async Task InvokePostAnnotation_NoCredentialsNoStore_SaysToUseStoreOrAnEndpoint()
    {
        using var store = new TempFolder("gtpose-invoke");
        var evt = TwoWorkerBatch(store);
        var (code, output, err) = await Gtpose.RunAsync(NoCredentials, "invoke", "post-annotation", "--event", evt);
        code.Should().Be(1);
        output.Should().BeEmpty("the function never ran");
        Gtpose.SingleErrorLine(err,
            "invoke post-annotation").Should().Contain("--store DIR").And.Contain("--s3-endpoint URL");
    }

    [Fact]
    public async Task InvokePostAnnotation_ReviewThresholdOptions_SetTheVerdictAsTheSettingsWould()
    {
        using var store = new TempFolder("gtpose-invoke");
        var evt = TwoWorkerBatch(store);
        var strict = await Gtpose.RunAsync(NoCredentials, "invoke", "post-annotation", "--event", evt, "--store", store,
            "--review-min-confidence", "1");
        strict.Code.Should().Be(0, strict.Err);
        ReviewReasons(strict.Out).Should().Contain("low_confidence");

        var lenient = await Gtpose.RunAsync(NoCredentials, "invoke", "post-annotation", "--event", evt, "--store",
            store,
            "--review-min-confidence", "0", "--review-min-mean-confidence", "0", "--review-min-agreement", "0");
        lenient.Code.Should().Be(0, lenient.Err);
        ReviewReasons(lenient.Out).Should().NotContain(["low_confidence", "low_agreement"]);
    }

    [Fact]
    public async Task InvokePostAnnotation_SettingFromTheEnvironment_UsedWhenNoOptionGivesIt()
    {
        using var store = new TempFolder("gtpose-invoke");
        var evt = TwoWorkerBatch(store);
        var environment = new Dictionary<string, string>(NoCredentials) { ["GTPOSE_REVIEW_MIN_CONFIDENCE"] = "1" };
        var fromEnvironment = await Gtpose.RunAsync(environment, "invoke", "post-annotation", "--event", evt, "--store",
            store);
        ReviewReasons(fromEnvironment.Out).Should().Contain("low_confidence");

        environment["GTPOSE_REVIEW_MIN_CONFIDENCE"] = "high";
        var (code, output, err) = await Gtpose.RunAsync(environment, "invoke", "post-annotation", "--event", evt,
            "--store", store);
        code.Should().Be(1);
        output.Should().BeEmpty();
        Gtpose.SingleErrorLine(err,
            "invoke post-annotation").Should().Contain("GTPOSE_REVIEW_MIN_CONFIDENCE").And.Contain("high");
    }

    [Fact]
    public async Task InvokePostAnnotation_AllowedBuckets_RefusesAnyOtherBucket()
    {
        using var store = new TempFolder("gtpose-invoke");
        var evt = TwoWorkerBatch(store);
        var (code, output, _) = await Gtpose.RunAsync(NoCredentials, "invoke", "post-annotation", "--event", evt,
            "--store", store, "--allowed-buckets", "other");
        code.Should().Be(1);
        JsonDocument.Parse(output).RootElement.GetProperty("errorMessage").GetString()
            .Should().Contain("s3://b/batch.json");
    }

    [Fact]
    public async Task InvokePreAnnotation_OnlyNeedsReview_ChainedLabelNotNeedingReviewSkipsTheWorkers()
    {
        using var temp = new TempFolder("gtpose-invoke");
        var evt = EventFile(temp,
            """{"version": "2018-10-16", "labelingJobArn": "arn:job", "dataObject": """ +
            """{"source-ref": "s3://b/i.png", "pose": """ +
            """{"image_size": {"width": 640, "height": 480}, "instances": [], "needs_review": """ +
            """false, "review_reasons": []}}}""");
        var asked = await Gtpose.RunAsync("invoke", "pre-annotation", "--event", evt, "--chained-label-attribute",
            "pose");
        JsonDocument.Parse(asked.Out).RootElement.GetProperty("isHumanAnnotationRequired").GetBoolean()
            .Should().BeTrue();

        var (code, output, err) = await Gtpose.RunAsync("invoke", "pre-annotation", "--event", evt,
            "--chained-label-attribute", "pose", "--only-needs-review");
        code.Should().Be(0, err);
        JsonDocument.Parse(output).RootElement.GetProperty("isHumanAnnotationRequired").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task InvokePreAnnotation_ErrorWithQuotes_PrintsQuotesAsQuotes()
    {
        using var temp = new TempFolder("gtpose-invoke");
        var (code, output, _) = await Gtpose.RunAsync(
            "invoke", "pre-annotation", "--event", EventFile(temp, "not json"));
        code.Should().Be(1);
        output.Should().NotContain("\\u0027");
        JsonDocument.Parse(output).RootElement.GetProperty("errorMessage").GetString().Should().Contain("'");
        output.Should().Contain("'");
    }

    [Fact]
    public async Task InvokePreAnnotation_MissingEventFile_OneLineNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "gtpose-no-such-event.json");
        var (code, output, err) = await Gtpose.RunAsync("invoke", "pre-annotation", "--event", missing);
        code.Should().Be(1);
        output.Should().BeEmpty();
        Gtpose.SingleErrorLine(err,
            "invoke pre-annotation").Should().Contain(missing).And.Contain("no such event file");
    }
}
