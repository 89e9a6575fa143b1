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

    private readonly List<string> _log = [];

    // Reads as the deployed function reads: full-range GETs, no SDK checksums; a short budget keeps failures short.
    private Function Create(int? retries = null, double budgetSeconds = 20) =>
        new(
            Rig.Coco17,
            S3ObjectStore.Create(
                _proxy.Endpoint, MotoServer.Credentials, verifyChecksums: false, retries,
                new S3RetryPolicy
                {
                    Budget = TimeSpan.FromSeconds(budgetSeconds),
                    BaseDelay = TimeSpan.FromMilliseconds(20),
                    MaxDelay = TimeSpan.FromMilliseconds(200),
                    StallTimeout = TimeSpan.FromSeconds(1),
                }),
            new BatchOptions { Log = line => { lock (_log) _log.Add(line); } });

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
        _proxy.Inject = FaultProxy.FirstRequests("consolidation-request", 10_000, 503, "ServiceUnavailable");
        var act = () => Create(retries: 2, budgetSeconds: 1).FunctionHandler(Event());
        (await act.Should().ThrowAsync<BatchException>())
            .Which.Message.Should().Contain(MotoFixture.PayloadKey).And.Contain("ServiceUnavailable");
        _proxy.Injected.Should().BeGreaterThan(3, "the SDK's three tries, then the store's");
    }

    [Theory]
    [InlineData("SlowDown")]
    [InlineData("truncated")]
    [InlineData("reset")]
    public async Task WorkerAnswer_TransientFaultOutlastsTheBudget_BatchFailsNamingTheAnswer(string kind)
    {
        Fault fault = kind switch
        {
            "SlowDown" => Fault.SlowDown,
            "truncated" => new Fault.TruncatedBody(),
            _ => new Fault.Reset(),
        };
        _proxy.Inject = FaultProxy.FirstRequests("worker-response", 10_000, fault);
        var act = () => Create(budgetSeconds: 1).FunctionHandler(Event());
        var message = (await act.Should().ThrowAsync<BatchException>()).Which.Message;
        message.Should().Contain("worker-response/iteration-1/0/cccc.json")
            .And.Contain("rather than consolidated from fewer answers");
    }

    [Fact]
    public async Task WorkerAnswer_ThrottledAndCut_RetriedAndTheLabelIsTheFaultFreeOne()
    {
        await using var clean = await Create().FunctionHandler(Event());
        var expected = new StreamReader(clean).ReadToEnd();
        var faults = new Queue<Fault>([Fault.SlowDown, Fault.InternalError, new Fault.TruncatedBody()]);
        _proxy.Inject = (_, path) =>
            path.Contains("worker-response", StringComparison.Ordinal) && faults.TryDequeue(out var f) ? f : null;
        await using var output = await Create(retries: 0).FunctionHandler(Event());
        new StreamReader(output).ReadToEnd().Should().Be(expected);
        // The fixture's one stored answer is read; its other, inline, answer is not an answer at all.
        _log.Should().Contain("answers: 4 listed, 1 read from S3, 1 (not an answer 1) lost; S3 requests: " +
            "3 (InternalError 1, SlowDown 1, body cut 1) retried, 0 given up");
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

    [Fact]
    public async Task Batch_TwentyPercentThrottledFivePercentDropped_LabelsByteIdenticalToTheFaultFreeRun()
    {
        var batch = await SimulatedBatch.WriteAsync(moto.Server.CreateStore(), MotoFixture.Bucket, 40);
        var expected = await RespondAsync(batch);
        _proxy.Inject = FaultProxy.Random(
            11, "", 2_000, (0.20, Fault.SlowDown), (0.05, new Fault.Reset()), (0.03, new Fault.TruncatedBody()));
        (await RespondAsync(batch)).Should().Be(expected);
        _proxy.Injected.Should().BeGreaterThan(10);
        _proxy.LimitReached.Should().BeFalse();
        var counts = $"answers: {batch.Answers} listed, {batch.Answers} read from S3, 0 lost";
        _log.Should().Contain(l => l.StartsWith(counts, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bootstrap_AnswerThrottledThenBeyondTheBudget_RespondsThenPostsAnErrorNamingTheAnswer()
    {
        using var api = new FakeRuntimeApi();
        var environment = new Dictionary<string, string>(moto.Server.Environment)
        {
            ["AWS_ENDPOINT_URL_S3"] = _proxy.Endpoint,
            ["GTPOSE_S3_RETRY_SECONDS"] = "2",
        };
        using var function = new FunctionProcess("GtCustomPose.PostAnnotation.dll", api.Address, environment);
        var evt = MotoFixture.Read("events/post-annotation.json");
        _proxy.Inject = FaultProxy.FirstRequests("worker-response", 4, Fault.SlowDown);
        var carried = api.Enqueue(evt);
        (await api.WaitForAsync(carried, TimeSpan.FromSeconds(60))).Should().BeTrue(string.Join("\n", function.Output));
        api.Responses.Should().ContainKey(carried);

        _proxy.Inject = FaultProxy.FirstRequests("worker-response", 100_000, Fault.SlowDown);
        var failed = api.Enqueue(evt);
        (await api.WaitForAsync(failed, TimeSpan.FromSeconds(60))).Should().BeTrue(string.Join("\n", function.Output));
        api.Errors[failed].Body.Should().Contain("worker-response/iteration-1/0/cccc.json").And.Contain("SlowDown")
            .And.Contain("rather than consolidated from fewer answers");
        function.Output.Should().Contain(l => l.Contains("SlowDown", StringComparison.Ordinal)
            && l.Contains("retried", StringComparison.Ordinal));
    }

    private async Task<string> RespondAsync(SimulatedBatch batch)
    {
        await using var output = await Create().FunctionHandler(new MemoryStream(Encoding.UTF8.GetBytes(batch.Event)));
        return await new StreamReader(output).ReadToEndAsync();
    }

    public void Dispose() => _proxy.Dispose();
}
