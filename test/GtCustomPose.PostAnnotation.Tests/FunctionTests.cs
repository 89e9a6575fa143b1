using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Testing;

namespace GtCustomPose.PostAnnotation.Tests;

/// <summary>The handler against a real S3 protocol server (moto_server on 127.0.0.1).</summary>
public class FunctionTests(MotoFixture moto) : IClassFixture<MotoFixture>
{
    private Function Create(BatchOptions? options = null) =>
        new(Rig.Coco17, moto.Server.CreateStore(), options ?? new BatchOptions { Log = _ => { } });

    private static MemoryStream Event(string? payloadUri = null)
    {
        var json = MotoFixture.Read("events/post-annotation.json");
        if (payloadUri is not null)
        {
            var original = $"s3://{MotoFixture.Bucket}/{MotoFixture.PayloadKey}";
            json = json.Replace(original, payloadUri, StringComparison.Ordinal);
        }
        return new MemoryStream(Encoding.UTF8.GetBytes(json));
    }

    [Fact]
    public async Task FunctionHandler_BatchInS3_OneEntryPerObjectWithAUsableAnswer()
    {
        await using var output = await Create().FunctionHandler(Event());
        var response = (await JsonDocument.ParseAsync(output)).RootElement;
        response.GetArrayLength()
            .Should().Be(1, "object 1 has no usable answer and is left out for Ground Truth to mark failed");
        var entry = response[0];
        entry.GetProperty("datasetObjectId").GetString().Should().Be("0");
        var label = entry.GetProperty("consolidatedAnnotation").GetProperty("content").GetProperty("pose");
        label.GetProperty("image_size").GetProperty("width").GetInt32().Should().Be(1280);
        var nose = label.GetProperty("instances")[0].GetProperty("keypoints").EnumerateArray()
            .Single(k => k.GetProperty("label").GetString() == "nose");
        nose.GetProperty("votes").GetInt32().Should().Be(3);
        nose.GetProperty("x").GetDouble().Should().BeInRange(309, 313);
        label.GetProperty("workers").EnumerateArray().Select(w => w.GetProperty("worker_id").GetString())
            .Should().Equal("private.us-west-2.aaaa", "private.us-west-2.bbbb", "private.us-west-2.cccc");
        label.GetProperty("needs_review").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task FunctionHandler_PayloadMissing_ErrorNamesUriAndCause()
    {
        var missing = $"s3://{MotoFixture.Bucket}/missing.json";
        var act = () => Create().HandleAsync(Event(missing), TestContext.Create(), CancellationToken.None);
        (await act.Should().ThrowAsync<BatchException>())
            .Which.Message.Should().Contain(missing).And.Contain("NoSuchKey");
    }

    [Fact]
    public async Task HandleAsync_DeadlineAlmostReached_FailsClearly()
    {
        var context = TestContext.Create(TimeSpan.FromMilliseconds(500));
        var act = () => Create().HandleAsync(Event(), context, CancellationToken.None);
        (await act.Should().ThrowAsync<BatchException>()).Which.Message.Should().Contain("deadline");
    }

    [Fact]
    public async Task FunctionHandler_ManagedRuntimeBudget_ActsAsTheDeadline()
    {
        var options = new BatchOptions { Log = _ => { } };
        var budget = TimeSpan.FromMilliseconds(100);
        var function = new Function(Rig.Coco17, moto.Server.CreateStore(), options, budget: budget);
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
            var evt = MotoFixture.Read("events/post-annotation.json");
            var json = await HandlerStrings.InvokeAsync(Create(), method, evt);
            JsonDocument.Parse(json).RootElement.GetArrayLength().Should().Be(1, $"{handler} in {file} must work");
        }
    }
}
