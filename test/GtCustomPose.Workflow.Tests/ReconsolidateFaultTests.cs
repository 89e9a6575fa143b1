using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Core.Storage;
using GtCustomPose.Storage;
using GtCustomPose.Testing;

namespace GtCustomPose.Workflow.Tests;

/// <summary>The re-consolidation handler through a proxy that injects S3 faults in front of moto_server.</summary>
public sealed partial class ReconsolidateFaultTests : IAsyncLifetime
{
    private const string JobOutput = "s3://labels/out/level1-job/";
    private const string Output = "s3://labels/out/L1r.manifest";
    private readonly MotoServer _moto = new();
    private FaultProxy _proxy = null!;
    private IObjectStore _direct = null!;

    public async Task InitializeAsync()
    {
        _proxy = new FaultProxy(_moto.Endpoint);
        await _moto.CreateBucketAsync("labels");
        _direct = _moto.CreateStore();
        var job = await SimulatedJob.WriteAsync(
            _direct, JobOutputLayout.Parse(JobOutput), 30,
            new SimulationSettings { WorkersPerObject = 3, WorkforceSize = 10 }, seed: 5);
        await _direct.WriteAsync(
            S3Uri.Parse("s3://labels/in/L1.manifest"), Encoding.UTF8.GetBytes(job.Manifest), "application/jsonlines");
    }

    private S3ObjectStore Store(double budgetSeconds) =>
        S3ObjectStore.Create(
            _proxy.Endpoint, MotoServer.Credentials, verifyChecksums: false, retry: new S3RetryPolicy
            {
                Budget = TimeSpan.FromSeconds(budgetSeconds),
                BaseDelay = TimeSpan.FromMilliseconds(20),
                MaxDelay = TimeSpan.FromMilliseconds(200),
                StallTimeout = TimeSpan.FromSeconds(1),
            });

    private static string Event(string mode, string? extra = null) =>
        $$"""{"mode": "{{mode}}", "manifestS3Uri": "s3://labels/in/L1.manifest",""" +
        $$""" "jobOutputS3Uri": "{{JobOutput}}", "labelAttribute": "pose", "outputS3Uri": "{{Output}}"{{extra}}}""";

    private static async Task<JsonElement> InvokeAsync(IObjectStore store, string json)
    {
        await using var response = await new ReconsolidateFunction(store, Rig.Coco17)
            .FunctionHandler(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        return JsonDocument.Parse(response).RootElement.Clone();
    }

    // Each run writes its own creation date.
    private async Task<string> OutputAsync()
    {
        await using var s = await _direct.OpenReadAsync(S3Uri.Parse(Output));
        return CreationDate().Replace(await new StreamReader(s).ReadToEndAsync(), "");
    }

    private async Task<bool> ExistsAsync(string uri)
    {
        var key = S3Uri.Parse(uri).Key;
        await foreach (var found in _direct.ListAsync("labels", key)) if (found.Key == key) return true;
        return false;
    }

    private Func<string, string, Fault?> Throttled(int seed) => FaultProxy.Random(
        seed, "", 3_000, (0.20, Fault.SlowDown), (0.05, new Fault.Reset()), (0.03, new Fault.TruncatedBody()),
        (0.02, Fault.InternalError));

    [Fact]
    public async Task Job_ThrottledAndDropped_TheFaultFreeManifest()
    {
        await InvokeAsync(_direct, Event("job"));
        var expected = await OutputAsync();
        _proxy.Inject = Throttled(21);
        await InvokeAsync(Store(20), Event("job"));
        (await OutputAsync()).Should().Be(expected);
        _proxy.Injected.Should().BeGreaterThan(10);
        _proxy.LimitReached.Should().BeFalse();
    }

    [Fact]
    public async Task FanOut_EveryStepThrottledAndDropped_TheFaultFreeManifest()
    {
        await InvokeAsync(_direct, Event("job"));
        var expected = await OutputAsync();
        _proxy.Inject = Throttled(22);
        var store = Store(20);
        await InvokeAsync(store, Event("plan", ", \"shardSize\": 8"));
        var items = JsonDocument.Parse(await ReadAsync("s3://labels/out/L1r.manifest.work/shards.json")).RootElement
            .EnumerateArray().Select(i => i.GetRawText()).ToList();
        foreach (var item in items) await InvokeAsync(store, Event("statistics", $", \"shard\": {item}"));
        await InvokeAsync(store, Event("reduce"));
        foreach (var item in items) await InvokeAsync(store, Event("labels", $", \"shard\": {item}"));
        await InvokeAsync(store, Event("assemble"));
        (await OutputAsync()).Should().Be(expected);
        _proxy.Injected.Should().BeGreaterThan(10);
    }

    [Fact]
    public async Task FanOut_OnlyTheStatisticsStepsThrottled_TheJobSummaryCountsTheirRetries()
    {
        var shard = """{"shard": 0, "firstLine": 0, "lineCount": 30}""";
        await InvokeAsync(_direct, Event("plan", ", \"shardSize\": 100"));
        _proxy.Inject = FaultProxy.Random(23, "worker-response", 3_000, (0.3, Fault.SlowDown));
        await InvokeAsync(Store(20), Event("statistics", $", \"shard\": {shard}"));
        _proxy.Inject = (_, _) => null;
        await InvokeAsync(_direct, Event("reduce"));
        await InvokeAsync(Store(20), Event("labels", $", \"shard\": {shard}"));
        await InvokeAsync(Store(20), Event("assemble"));

        var answers = JsonDocument.Parse(await ReadAsync(Output + ".summary.json")).RootElement.GetProperty("answers");

        _proxy.Injected.Should().BeGreaterThan(0);
        answers.GetProperty("retried").GetProperty("SlowDown").GetInt32().Should().BePositive();
        answers.GetProperty("givenUp").EnumerateObject().Should().BeEmpty();
        (answers.GetProperty("listed").GetInt64(), answers.GetProperty("read").GetInt64()).Should().Be((90L, 90L));
    }

    [Theory]
    [InlineData("job", "worker-response")]
    [InlineData("assemble", "labels/shard-")]
    public async Task Step_ThrottledBeyondTheBudget_FailsNamingTheObjectAndWritesNoManifest(string mode, string part)
    {
        if (mode == "assemble")
        {
            await InvokeAsync(_direct, Event("plan", ", \"shardSize\": 100"));
            var shard = """{"shard": 0, "firstLine": 0, "lineCount": 30}""";
            await InvokeAsync(_direct, Event("statistics", $", \"shard\": {shard}"));
            await InvokeAsync(_direct, Event("reduce"));
            await InvokeAsync(_direct, Event("labels", $", \"shard\": {shard}"));
        }
        _proxy.Inject = (method, path) =>
            method == "GET" && path.Contains(part, StringComparison.Ordinal) && !path.Contains("list-type")
                ? Fault.SlowDown : null;
        var act = () => InvokeAsync(Store(1), Event(mode));
        (await act.Should().ThrowAsync<WorkflowException>()).Which.Message
            .Should().Contain("s3://labels/").And.Contain(part).And.Contain("SlowDown");
        (await ExistsAsync(Output)).Should().BeFalse();
    }

    [Fact]
    public async Task Labels_AnswerReadableInStatisticsDeniedInLabels_FailsNamingTheFileAndWritesNoLabels()
    {
        var shard = """{"shard": 0, "firstLine": 0, "lineCount": 30}""";
        await InvokeAsync(_direct, Event("plan", ", \"shardSize\": 100"));
        await InvokeAsync(Store(5), Event("statistics", $", \"shard\": {shard}"));
        await InvokeAsync(_direct, Event("reduce"));
        string? denied = null;
        await foreach (var uri in _direct.ListAsync("labels", JobOutputLayout.Parse(JobOutput).ObjectPrefix("7")))
            denied ??= uri.ToString();
        var key = S3Uri.Parse(denied).Key;
        // A permanent error: without the statistics step's record it would be an unreadable_answer.
        _proxy.Inject = (method, p) =>
            method == "GET" && Uri.UnescapeDataString(p).Contains(key, StringComparison.Ordinal)
                ? new Fault.Error(403, "AccessDenied") : null;

        var labels = () => InvokeAsync(Store(5), Event("labels", $", \"shard\": {shard}"));

        (await labels.Should().ThrowAsync<WorkflowException>()).Which.Message.Should().StartWith(
            $"reconsolidate: labels shard 0: object 7: {denied}: ").And.Contain("in the statistics pass, " +
            "unreadable: AccessDenied now");
        _proxy.Injected.Should().BeGreaterThan(0);
        (await ExistsAsync("s3://labels/out/L1r.manifest.work/labels/shard-00000.manifest")).Should().BeFalse();
    }

    private async Task<string> ReadAsync(string uri)
    {
        await using var s = await _direct.OpenReadAsync(S3Uri.Parse(uri));
        return await new StreamReader(s).ReadToEndAsync();
    }

    public Task DisposeAsync()
    {
        _proxy.Dispose();
        _moto.Dispose();
        return Task.CompletedTask;
    }

    [GeneratedRegex("\"creation-date\":\"[^\"]*\"")]
    private static partial Regex CreationDate();
}
