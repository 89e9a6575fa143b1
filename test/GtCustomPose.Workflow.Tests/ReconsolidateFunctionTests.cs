using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Core.Storage;
using GtCustomPose.Testing;

namespace GtCustomPose.Workflow.Tests;

public sealed class ReconsolidateFunctionTests : IDisposable
{
    private readonly MotoServer _moto = new();
    private const string JobOutput = "s3://labels/out/level1-job/";

    private async Task<(IObjectStore Store, SimulatedJob Job)> JobAsync(int objects)
    {
        await _moto.CreateBucketAsync("labels");
        IObjectStore store = _moto.CreateStore();
        var job = await SimulatedJob.WriteAsync(
            store,
            JobOutputLayout.Parse(JobOutput),
            objects,
            new SimulationSettings { WorkersPerObject = 5, WorkforceSize = 15 },
            seed: 5,
            keepFromWorkers: i => i == 2);
        await store.WriteAsync(
            S3Uri.Parse("s3://labels/in/L1.manifest"),
            Encoding.UTF8.GetBytes(job.Manifest),
            "application/jsonlines");
        return (store, job);
    }

    private static async Task<JsonElement> InvokeAsync(IObjectStore store, string json)
    {
        var function = new ReconsolidateFunction(store, Rig.Coco17);
        await using var response = await function.FunctionHandler(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        return JsonDocument.Parse(response).RootElement.Clone();
    }

    private static string Event(string mode, string? extra = null) =>
        $$"""{"mode": "{{mode}}", "manifestS3Uri": "s3://labels/in/L1.manifest",""" +
        $$""" "jobOutputS3Uri": "{{JobOutput}}", "labelAttribute": "pose",""" +
        $$""" "outputS3Uri": "s3://labels/out/L1r.manifest"{{extra}}}""";

    private static async Task<string[]> ReadLinesAsync(IObjectStore store, string uri)
    {
        await using var s = await store.OpenReadAsync(S3Uri.Parse(uri));
        return (await new StreamReader(s).ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task FunctionHandler_LinkedRelabelJob_RoutedObjectsPooledFromBothJobs()
    {
        var (store, _) = await JobAsync(12);
        // A second-level job on level-1 lines 5 and 10 whose answers come from the same workers again.
        var relabel = JobOutputLayout.Parse("s3://labels/out/relabel-job/");
        var level1 = JobOutputLayout.Parse(JobOutput);
        var manifest = new StringBuilder();
        foreach (var (line, id) in new[] { (5, "0"), (10, "1") })
        {
            manifest.Append("{\"gtpose-audit\": {\"reasons\": [], \"label_attribute\": \"pose\", \"line\": ")
                .Append(line).Append(", \"mode\": \"relabel\"}}\n");
            await foreach (var uri in store.ListAsync("labels", level1.ObjectPrefix((line - 1).ToString())))
            {
                await using var body = await store.OpenReadAsync(uri);
                using var copy = new MemoryStream();
                await body.CopyToAsync(copy);
                await store.WriteAsync(
                    new S3Uri("labels", relabel.ObjectPrefix(id) + uri.Key.Split('/')[^1]), copy.ToArray(),
                    "application/json");
            }
        }
        await store.WriteAsync(relabel.OutputManifest, Encoding.UTF8.GetBytes(manifest.ToString()), "application/json");

        var response = await InvokeAsync(
            store, Event("job", ", \"linkedJobOutputS3Uris\": [\"s3://labels/out/relabel-job/\"]"));

        response.GetProperty("objects").GetInt32().Should().Be(12);
        var counts = (await ReadLinesAsync(store, "s3://labels/out/L1r.manifest"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(l => l.TryGetProperty("pose", out var p)
                ? p.GetProperty("consolidation").GetProperty("worker_count").GetInt32() : 0)
            .ToList();
        counts.Should().Equal(5, 5, 0, 5, 10, 5, 5, 5, 5, 10, 5, 5);
    }

    [Fact]
    public async Task FunctionHandler_LinkedJobsInAMapMode_FailsNamingTheField()
    {
        var (store, _) = await JobAsync(3);

        var invoke = () => InvokeAsync(
            store, Event("plan", ", \"linkedJobOutputS3Uris\": [\"s3://labels/out/relabel-job/\"]"));

        (await invoke.Should().ThrowAsync<WorkflowException>()).Which.Message.Should().Be(
            "reconsolidate: 'linkedJobOutputS3Uris' needs mode 'job' (pooled jobs are re-consolidated in one " +
            "invocation), not 'plan'");
    }

    [Fact]
    public async Task FunctionHandler_ContractEvent_WritesTheManifestAndFailuresAndReturnsCounts()
    {
        var (store, _) = await JobAsync(30);

        var response = await InvokeAsync(
            store,
            """{"manifestS3Uri": "s3://labels/in/L1.manifest", "jobOutputS3Uri": "s3://labels/out/level1-job/",""" +
            """ "labelAttribute": "pose", "outputS3Uri": "s3://labels/out/L1r.manifest"}""");

        response.GetProperty("outputManifestS3Uri").GetString().Should().Be("s3://labels/out/L1r.manifest");
        response.GetProperty("objects").GetInt32().Should().Be(30);
        response.GetProperty("noLabel").GetInt32().Should().Be(1);
        response.GetProperty("flagged").GetInt32().Should().BeGreaterThanOrEqualTo(0);
        (await ReadLinesAsync(store, "s3://labels/out/L1r.manifest")).Should().HaveCount(30);
        (await ReadLinesAsync(store, "s3://labels/out/L1r.manifest.failures.jsonl"))
            .Should().ContainSingle().Which.Should().Contain("\"line\":3");
    }

    [Fact]
    public async Task FanOut_PlanStatisticsReduceLabelsAssemble_EveryLineInOrderWithTheOneInvocationCounts()
    {
        var (store, _) = await JobAsync(35);
        var whole = await InvokeAsync(store, Event("job"));
        var wholeSummary = await ReadLinesAsync(store, "s3://labels/out/L1r.manifest.summary.json");

        var plan = await InvokeAsync(store, Event("plan", ", \"shardSize\": 10"));
        plan.GetProperty("shards").GetInt32().Should().Be(4);
        var shardsKey =
            $"s3://{plan.GetProperty("shardsBucket").GetString()}/{plan.GetProperty("shardsKey").GetString()}";
        var items = JsonDocument.Parse(string.Join("\n", await ReadLinesAsync(store, shardsKey))).RootElement
            .EnumerateArray()
            .Select(i => i.GetRawText())
            .ToList();
        foreach (var item in items)
            (await InvokeAsync(store, Event("statistics", $", \"shard\": {item}")))
                .GetProperty("partialS3Uri").GetString().Should().Contain("statistics/shard-");
        (await InvokeAsync(store, Event("reduce"))).GetProperty("workers").GetInt32().Should().BePositive();
        foreach (var item in items) await InvokeAsync(store, Event("labels", $", \"shard\": {item}"));
        var assembled = await InvokeAsync(store, Event("assemble"));

        var lines = await ReadLinesAsync(store, "s3://labels/out/L1r.manifest");
        lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("pass-through").GetProperty("n").GetInt32())
            .Should().Equal(Enumerable.Range(0, 35));
        assembled.GetProperty("objects").GetInt32().Should().Be(whole.GetProperty("objects").GetInt32());
        assembled.GetProperty("noLabel").GetInt32().Should().Be(1);
        assembled.GetProperty("flagged").GetInt32().Should().Be(
            whole.GetProperty("flagged").GetInt32(),
            "the reduce merges the shards' statistics exactly");
        (await ReadLinesAsync(store, "s3://labels/out/L1r.manifest.failures.jsonl")).Should().ContainSingle();
        // The shards' counts summed: the one invocation's, answers listed, read and lost included.
        var summary = await ReadLinesAsync(store, "s3://labels/out/L1r.manifest.summary.json");
        summary.Should().Equal(wholeSummary);
        JsonDocument.Parse(summary.Single()).RootElement.GetProperty("answers").GetProperty("listed").GetInt64()
            .Should().Be(34 * 5);
    }

    // Plan (shards of 10), statistics of every shard and reduce: the Map's items, for the labels steps.
    private static async Task<List<string>> StatisticsAsync(IObjectStore store)
    {
        await InvokeAsync(store, Event("plan", ", \"shardSize\": 10"));
        var items = JsonDocument.Parse(
                string.Join("\n", await ReadLinesAsync(store, "s3://labels/out/L1r.manifest.work/shards.json")))
            .RootElement.EnumerateArray().Select(i => i.GetRawText()).ToList();
        foreach (var item in items) await InvokeAsync(store, Event("statistics", $", \"shard\": {item}"));
        await InvokeAsync(store, Event("reduce"));
        return items;
    }

    private static async Task<S3Uri> AnswerFileAsync(IObjectStore store, string objectId)
    {
        await foreach (var uri in store.ListAsync("labels", JobOutputLayout.Parse(JobOutput).ObjectPrefix(objectId)))
            return uri;
        throw new InvalidOperationException($"object {objectId} has no response file");
    }

    private async Task DeleteAsync(S3Uri uri)
    {
        using var client = _moto.CreateClient();
        await client.DeleteObjectAsync(uri.Bucket, uri.Key);
    }

    [Fact]
    public async Task Statistics_Shard_RecordsTheFilesReadAndTheirFingerprint()
    {
        var (store, _) = await JobAsync(12);
        await InvokeAsync(store, Event("plan", ", \"shardSize\": 10"));

        var first = await InvokeAsync(
            store, Event("statistics", ", \"shard\": {\"shard\": 0, \"firstLine\": 0, \"lineCount\": 10}"));
        var again = await InvokeAsync(
            store, Event("statistics", ", \"shard\": {\"shard\": 0, \"firstLine\": 0, \"lineCount\": 10}"));

        // 10 objects of 5 answers, but object 2 kept from workers.
        first.GetProperty("files").GetInt32().Should().Be(45);
        first.GetProperty("fingerprint").GetString().Should().MatchRegex("^[0-9a-f]{64}$")
            .And.Be(again.GetProperty("fingerprint").GetString());
        var reads = JsonDocument.Parse(string.Join("\n", await ReadLinesAsync(
            store, first.GetProperty("readsS3Uri").GetString()!))).RootElement;
        reads.GetProperty("objects").EnumerateObject().Select(o => o.Name).Should()
            .BeEquivalentTo(["0", "1", "3", "4", "5", "6", "7", "8", "9"]);
    }

    [Theory]
    [InlineData("deleted", "read in the statistics pass (")]
    [InlineData("replaced", "in the statistics pass, ")]
    [InlineData("added", "listed now (")]
    public async Task Labels_AnswerFileChangedAfterTheStatisticsStep_FailsNamingTheShardObjectAndFile(
        string change, string message)
    {
        var (store, _) = await JobAsync(25);
        var items = await StatisticsAsync(store);
        var file = await AnswerFileAsync(store, "13");
        switch (change)
        {
            case "deleted":
                await DeleteAsync(file);
                break;
            case "replaced":
                await store.WriteAsync(
                    file, WorkerResponseFile.Create("w-late", "{}", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch),
                    "application/json");
                break;
            default:
                file = file with { Key = file.Key[..(file.Key.LastIndexOf('/') + 1)] + "zz-late.json" };
                await store.WriteAsync(
                    file, WorkerResponseFile.Create("w-late", "{}", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch),
                    "application/json");
                break;
        }

        await InvokeAsync(store, Event("labels", $", \"shard\": {items[0]}"));
        var labels = () => InvokeAsync(store, Event("labels", $", \"shard\": {items[1]}"));

        (await labels.Should().ThrowAsync<WorkflowException>()).Which.Message.Should()
            .StartWith($"reconsolidate: labels shard 1: object 13: {file}: ").And.Contain(message)
            .And.EndWith("run the re-consolidation again");
        (await store.ListAsync("labels", "out/L1r.manifest.work/counts/").CountAsync()).Should().Be(1);
    }

    [Fact]
    public async Task Labels_AnswerFilesUnchanged_EveryShardPasses()
    {
        var (store, _) = await JobAsync(25);
        var items = await StatisticsAsync(store);
        // Rewritten with the same bytes: the same answer, whatever S3's metadata says.
        var file = await AnswerFileAsync(store, "13");
        await using (var body = await store.OpenReadAsync(file))
        {
            using var copy = new MemoryStream();
            await body.CopyToAsync(copy);
            await store.WriteAsync(file, copy.ToArray(), "application/json");
        }

        foreach (var item in items) await InvokeAsync(store, Event("labels", $", \"shard\": {item}"));

        (await InvokeAsync(store, Event("assemble"))).GetProperty("objects").GetInt32().Should().Be(25);
    }

    [Fact]
    public async Task Labels_ReadsOfTheStatisticsStepMissing_FailsNamingTheShard()
    {
        var (store, _) = await JobAsync(12);
        var items = await StatisticsAsync(store);
        await DeleteAsync(S3Uri.Parse("s3://labels/out/L1r.manifest.work/reads/shard-00001.json"));

        var labels = () => InvokeAsync(store, Event("labels", $", \"shard\": {items[1]}"));

        (await labels.Should().ThrowAsync<WorkflowException>()).Which.Message.Should().StartWith(
            "reconsolidate: labels shard 1: what its statistics step read cannot be had " +
            "(s3://labels/out/L1r.manifest.work/reads/shard-00001.json: NoSuchKey");
    }

    [Theory]
    [InlineData("sideways", "'mode' is 'sideways'")]
    [InlineData("labels", "needs 'shard'")]
    public async Task FunctionHandler_BadMode_FailsNamingTheField(string mode, string message)
    {
        var (store, _) = await JobAsync(3);
        var act = () => InvokeAsync(store, Event(mode));
        (await act.Should().ThrowAsync<WorkflowException>()).Which.Message.Should().Contain(message);
    }

    public void Dispose() => _moto.Dispose();
}
