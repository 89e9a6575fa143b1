using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Storage;
using GtCustomPose.Testing;

namespace GtCustomPose.PostAnnotation.Tests;

/// <summary>S3 faults injected by a proxy on loopback in front of moto_server.</summary>
public sealed class FaultTests(MotoFixture moto) : IClassFixture<MotoFixture>, IDisposable
{
    private readonly FaultProxy _proxy = new(moto.Server.Endpoint);

    // Reads as the deployed function reads: full-range GETs, no SDK checksums.
    private Function Create(int? retries = null) =>
        new(
            Rig.Coco17,
            S3ObjectStore.Create(_proxy.Endpoint, MotoServer.Credentials, verifyChecksums: false, retries),
            new BatchOptions { Log = _ => { } });

    private static MemoryStream Event() => new(Encoding.UTF8.GetBytes(MotoFixture.Read("events/post-annotation.json")));

    private static JsonElement Label(JsonElement response) =>
        response[0].GetProperty("consolidatedAnnotation").GetProperty("content").GetProperty("pose");

    /// <summary>Throttling (503 SlowDown) and server errors (500) that stop within the SDK's retries.</summary>
    [Theory]
    [InlineData(503, "SlowDown")]
    [InlineData(500, "InternalError")]
    public async Task Payload_FailsTwiceThenRecovers_SdkRetriesAndTheBatchSucceeds(int status, string code)
    {
        _proxy.Inject = FaultProxy.FirstRequests("consolidation-request", 2, status, code);
        await using var output = await Create().FunctionHandler(Event());
        (await JsonDocument.ParseAsync(output)).RootElement.GetArrayLength().Should().Be(1);
        _proxy.Injected.Should().Be(2);
    }

    [Fact]
    public async Task Payload_ServerErrorsPersist_BatchFailsNamingUriAndCause()
    {
        _proxy.Inject = FaultProxy.FirstRequests("consolidation-request", 1000, 503, "ServiceUnavailable");
        var act = () => Create(retries: 2).FunctionHandler(Event());
        (await act.Should().ThrowAsync<BatchException>())
            .Which.Message.Should().Contain(MotoFixture.PayloadKey).And.Contain("ServiceUnavailable");
        _proxy.Injected.Should().Be(3, "one try and two retries");
    }

    [Fact]
    public async Task Payload_AccessDenied_BatchFailsNamingUriAndCause()
    {
        _proxy.Inject = FaultProxy.FirstRequests("consolidation-request", 1000, 403, "AccessDenied");
        var act = () => Create().FunctionHandler(Event());
        (await act.Should().ThrowAsync<BatchException>()).Which.Message
            .Should().Contain($"s3://{MotoFixture.Bucket}/{MotoFixture.PayloadKey}").And.Contain("AccessDenied");
    }

    [Fact]
    public async Task WorkerAnswer_AccessDenied_ObjectConsolidatedFromTheOthersAndFlagged()
    {
        _proxy.Inject = FaultProxy.FirstRequests("worker-response", 1000, 403, "AccessDenied");
        await using var output = await Create().FunctionHandler(Event());
        var label = Label((await JsonDocument.ParseAsync(output)).RootElement);
        label.GetProperty("review_reasons").EnumerateArray().Select(r => r.GetString())
            .Should().Contain("unreadable_answer");
        var worker = label.GetProperty("workers").EnumerateArray()
            .Single(w => w.GetProperty("worker_id").GetString() == "private.us-west-2.cccc");
        worker.GetProperty("issues")[0].GetString().Should().Contain("AccessDenied");
        label.GetProperty("instances")[0].GetProperty("keypoints")[0].GetProperty("votes").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task WorkerAnswer_Missing_ObjectConsolidatedFromTheOthersAndFlagged()
    {
        _proxy.Inject = FaultProxy.FirstRequests("worker-response", 1000, 404, "NoSuchKey");
        await using var output = await Create().FunctionHandler(Event());
        var label = Label((await JsonDocument.ParseAsync(output)).RootElement);
        label.GetProperty("workers").EnumerateArray()
            .Single(w => w.GetProperty("worker_id").GetString() == "private.us-west-2.cccc")
            .GetProperty("issues")[0].GetString().Should().Contain("NoSuchKey");
    }

    public void Dispose() => _proxy.Dispose();
}
