using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Testing;

namespace GtCustomPose.PostAnnotation.Tests;

/// <summary>The handler against a real S3 protocol server (moto_server on 127.0.0.1).</summary>
public class FunctionTests(MotoFixture moto) : IClassFixture<MotoFixture>
{
    private Function Create(BatchOptions? options = null) => new(Rig.Coco17, moto.Server.CreateStore(), options ?? new BatchOptions { Log = _ => { } });

    private static MemoryStream Event(string? payloadUri = null)
    {
        var json = MotoFixture.Read("events/post-annotation.json");
        if (payloadUri is not null) json = json.Replace($"s3://{MotoFixture.Bucket}/{MotoFixture.PayloadKey}", payloadUri, StringComparison.Ordinal);
        return new MemoryStream(Encoding.UTF8.GetBytes(json));
    }

    [Fact]
    public async Task FunctionHandler_BatchInS3_OneEntryPerObjectWithAUsableAnswer()
    {
        await using var output = await Create().FunctionHandler(Event());
        var response = (await JsonDocument.ParseAsync(output)).RootElement;
        response.GetArrayLength().Should().Be(1, "object 1 has no usable answer and is left out for Ground Truth to mark failed");
        var entry = response[0];
        entry.GetProperty("datasetObjectId").GetString().Should().Be("0");
        var label = entry.GetProperty("consolidatedAnnotation").GetProperty("content").GetProperty("pose");
        label.GetProperty("image_size").GetProperty("width").GetInt32().Should().Be(1280);
        var nose = label.GetProperty("instances")[0].GetProperty("keypoints").EnumerateArray().Single(k => k.GetProperty("label").GetString() == "nose");
        nose.GetProperty("votes").GetInt32().Should().Be(3);
        nose.GetProperty("x").GetDouble().Should().BeInRange(309, 313);
        label.GetProperty("workers").EnumerateArray().Select(w => w.GetProperty("worker_id").GetString())
            .Should().Equal("private.us-west-2.aaaa", "private.us-west-2.bbbb", "private.us-west-2.cccc");
        label.GetProperty("needs_review").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task FunctionHandler_PayloadMissing_ErrorNamesUriAndCause()
    {
        var act = () => Create().HandleAsync(Event($"s3://{MotoFixture.Bucket}/missing.json"), TestContext.Create(), CancellationToken.None);
        (await act.Should().ThrowAsync<BatchException>()).Which.Message.Should().Contain($"s3://{MotoFixture.Bucket}/missing.json").And.Contain("NoSuchKey");
    }

    [Fact]
    public async Task HandleAsync_DeadlineAlmostReached_FailsClearly()
    {
        var act = () => Create().HandleAsync(Event(), TestContext.Create(TimeSpan.FromMilliseconds(500)), CancellationToken.None);
        (await act.Should().ThrowAsync<BatchException>()).Which.Message.Should().Contain("deadline");
    }

    [Fact]
    public async Task FunctionHandler_ManagedRuntimeBudget_ActsAsTheDeadline()
    {
        var function = new Function(Rig.Coco17, moto.Server.CreateStore(), new BatchOptions { Log = _ => { } }, budget: TimeSpan.FromMilliseconds(100));
        var act = () => function.FunctionHandler(Event());
        (await act.Should().ThrowAsync<BatchException>()).Which.Message.Should().Contain("deadline");
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"labelAttributeName": "\ud800", "payload": {"s3Uri": "s3://b/k"}}""")]
    public async Task FunctionHandler_EventNotJson_ErrorSaysSo(string evt)
    {
        var act = () => Create().FunctionHandler(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(evt)));
        (await act.Should().ThrowAsync<BatchException>()).Which.Message.Should().Contain("not valid");
    }

    /// <summary>
    /// Each handler string resolves, as Lambda resolves it, to a type whose parameterless constructor works in a
    /// clean environment and to a method that consolidates the batch (invoked here on an instance reading moto_server,
    /// so this process's environment is never changed).
    /// </summary>
    [Fact]
    public async Task HandlerStrings_PostAnnotation_ResolveByReflectionAndInvoke()
    {
        var handlers = HandlerStrings.All()
            .Where(h => h.Handler.StartsWith("GtCustomPose.PostAnnotation::", StringComparison.Ordinal)).ToList();
        handlers.Select(h => h.File).Should().Contain([
            Path.Combine("src", "GtCustomPose.PostAnnotation", "aws-lambda-tools-defaults.json"),
            Path.Combine("template", "gtpose.yaml")]);
        foreach (var (file, handler) in handlers)
        {
            var (instance, method) = HandlerStrings.Resolve(handler);
            instance.Should().BeOfType<Function>();
            var json = await HandlerStrings.InvokeAsync(Create(), method, MotoFixture.Read("events/post-annotation.json"));
            JsonDocument.Parse(json).RootElement.GetArrayLength().Should().Be(1, $"{handler} in {file} must work");
        }
    }

    /// <summary>The built assembly under <c>dotnet</c>, and the trimmed ReadyToRun <c>bootstrap</c> that scripts/publish.sh ships (the SDK must survive trimming).</summary>
    [Theory]
    [InlineData("built")]
    [InlineData("published")]
    public async Task Bootstrap_AssumeRoleConfigured_ReadsAsTheJobsRole(string build)
    {
        using var api = new FakeRuntimeApi();
        var env = new Dictionary<string, string>(moto.Server.Environment) { ["GTPOSE_ASSUME_ROLE"] = "true", ["AWS_ENDPOINT_URL_STS"] = moto.Server.Endpoint };
        using var function = build == "built"
            ? new FunctionProcess("GtCustomPose.PostAnnotation.dll", api.Address, env)
            : new FunctionProcess(Published.Bootstrap("post-annotation"), api.Address, env);
        var id = api.Enqueue(MotoFixture.Read("events/post-annotation.json"));
        (await api.WaitForAsync(id, TimeSpan.FromSeconds(60))).Should().BeTrue(string.Join("\n", function.Output));
        api.Responses.Should().ContainKey(id, string.Join("\n", function.Output));
        JsonDocument.Parse(api.Responses[id]).RootElement.GetArrayLength().Should().Be(1);
        function.Output.Should().Contain(l => l.Contains("roleArn assumed"));
    }

    [Fact]
    public async Task Bootstrap_ReviewThresholdsConfigured_DecideTheVerdict()
    {
        static string[] Reasons(string response) => JsonDocument.Parse(response).RootElement[0].GetProperty("consolidatedAnnotation")
            .GetProperty("content").GetProperty("pose").GetProperty("review_reasons").EnumerateArray().Select(r => r.GetString()!).ToArray();
        async Task<string[]> ReasonsWith(Dictionary<string, string> env)
        {
            using var api = new FakeRuntimeApi();
            using var function = new FunctionProcess("GtCustomPose.PostAnnotation.dll", api.Address, env);
            var id = api.Enqueue(MotoFixture.Read("events/post-annotation.json"));
            (await api.WaitForAsync(id, TimeSpan.FromSeconds(60))).Should().BeTrue(string.Join("\n", function.Output));
            return Reasons(api.Responses[id]);
        }
        (await ReasonsWith(new(moto.Server.Environment))).Should().NotContain([ReviewReasons.LowConfidence, ReviewReasons.LowAgreement]);
        // No consensus of several workers is expected to match the truth exactly, nor its workers to agree exactly.
        var strict = new Dictionary<string, string>(moto.Server.Environment) { ["GTPOSE_REVIEW_MIN_CONFIDENCE"] = "1", ["GTPOSE_REVIEW_MIN_AGREEMENT"] = "1" };
        (await ReasonsWith(strict)).Should().Contain([ReviewReasons.LowConfidence, ReviewReasons.LowAgreement]);
        var strictMean = new Dictionary<string, string>(moto.Server.Environment) { ["GTPOSE_REVIEW_MIN_MEAN_CONFIDENCE"] = "1" };
        (await ReasonsWith(strictMean)).Should().Contain(ReviewReasons.LowConfidence).And.NotContain(ReviewReasons.LowAgreement);
    }

    [Fact]
    public async Task Bootstrap_ReviewThresholdNotAFraction_FailsToStartNamingTheSetting()
    {
        using var api = new FakeRuntimeApi();
        var env = new Dictionary<string, string>(moto.Server.Environment) { ["GTPOSE_REVIEW_MIN_AGREEMENT"] = "60%" };
        using var function = new FunctionProcess("GtCustomPose.PostAnnotation.dll", api.Address, env);
        (await api.WaitForInitErrorAsync(TimeSpan.FromSeconds(60))).Should().BeTrue(string.Join("\n", function.Output));
        JsonDocument.Parse(api.InitErrors.Single().Body).RootElement.GetProperty("errorMessage").GetString()
            .Should().Be("GTPOSE_REVIEW_MIN_AGREEMENT is '60%', expected a number from 0 to 1");
    }

    [Fact]
    public async Task Bootstrap_AgainstMoto_PostsTheResponse()
    {
        using var api = new FakeRuntimeApi();
        using var function = new FunctionProcess("GtCustomPose.PostAnnotation.dll", api.Address, moto.Server.Environment);
        var id = api.Enqueue(MotoFixture.Read("events/post-annotation.json"));
        var missing = api.Enqueue(MotoFixture.Read("events/post-annotation.json").Replace(MotoFixture.PayloadKey, "nope.json", StringComparison.Ordinal));
        (await api.WaitForAsync(missing, TimeSpan.FromSeconds(60))).Should().BeTrue(string.Join("\n", function.Output));
        JsonDocument.Parse(api.Responses[id]).RootElement.GetArrayLength().Should().Be(1);
        api.Errors[missing].Body.Should().Contain("NoSuchKey");
        function.Output.Should().Contain(l => l.Contains(id) && l.Contains("batch consolidated"));
        function.Output.Should().NotContain(l => l.Contains("private.us-west-2"), "worker ids stay out of the logs");
    }
}
