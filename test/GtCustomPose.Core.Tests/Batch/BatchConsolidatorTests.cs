using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Testing;
using static GtCustomPose.Core.Tests.Fixtures;

namespace GtCustomPose.Core.Tests.Batch;

public class BatchConsolidatorTests
{
    private const string PayloadUri =
        "s3://labels/out/job/annotations/consolidated-annotation/consolidation-request/iteration-1/batch.json";

    private static PostAnnotationRequest Request(string? payload = PayloadUri, string? attribute = "pose") =>
        new(
            "2018-10-16",
            "arn:aws:sagemaker:us-west-2:111122223333:labeling-job/job",
            null,
            attribute,
            null,
            new PayloadReference(payload));

    private static async Task<(JsonElement Response, BatchResult Result, List<string> Log)> Run(
        InMemoryStore store,
        BatchOptions? options = null,
        PostAnnotationRequest? request = null)
    {
        var log = new List<string>();
        var consolidator =
            new BatchConsolidator(Rig.Coco17, store, (options ?? new BatchOptions()) with { Log = log.Add });
        using var output = new MemoryStream();
        var result = await consolidator.ConsolidateAsync(request ?? Request(), output);
        return (JsonDocument.Parse(output.ToArray()).RootElement.Clone(), result, log);
    }

    private static string Inline(string worker, string content) =>
        JsonSerializer.Serialize(
            new Dictionary<string, object>
            {
                ["workerId"] = worker,
                ["annotationData"] = new Dictionary<string, string> { ["content"] = content },
            },
            Options);

    private static string Stored(string worker, string uri) =>
        JsonSerializer.Serialize(
            new Dictionary<string, object>
            {
                ["workerId"] = worker,
                ["annotationData"] = new Dictionary<string, string> { ["s3Uri"] = uri },
            },
            Options);

    private static string Item(string id, params string[] answers) =>
        $$"""{"datasetObjectId": "{{id}}", "dataObject": {"s3Uri": "s3://b/images/{{id}}.jpg"}, "annotations": """ +
        $$"""[{{string.Join(",", answers)}}]}""";

    private static readonly JsonSerializerOptions Options = new()
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    [Fact]
    public async Task Consolidate_TwoObjectsThreeWorkers_OneEntryPerObject()
    {
        var p = SkeletonAnswer(Person("s", 100, 50));
        var store = new InMemoryStore();
        store.Put("s3://labels/answers/w3-0.json", p);
        store.Put(
            PayloadUri,
            $"[{Item("0", Inline("w1", p), Inline("w2", p), Stored("w3", "s3://labels/answers/w3-0.json"))}," +
            $"{Item("1", Inline("w1", p), Inline("w2", p))}]");
        var (response, result, _) = await Run(store);
        response.GetArrayLength().Should().Be(2);
        result.Outcomes.Should().AllBeOfType<ObjectOutcome.Labelled>();
        response.EnumerateArray().Select(e => e.GetProperty("datasetObjectId").GetString()).Should().Equal("0", "1");
        var label = response[0].GetProperty("consolidatedAnnotation").GetProperty("content").GetProperty("pose");
        label.GetProperty("instances").GetArrayLength().Should().Be(1);
        label.GetProperty("workers").GetArrayLength().Should().Be(3);
        label.GetProperty("needs_review").GetBoolean().Should().BeFalse();
        label.GetProperty("consolidation").GetProperty("worker_count").GetInt32().Should().Be(3);
        result.Should().BeEquivalentTo(new { Objects = 2, Consolidated = 2, Failed = 0, Answers = 5 });
    }

    /// <summary>
    /// A batch of 3 answers per object from a workforce of 12, so each worker labels many of its objects.
    /// </summary>
    private static (List<SimulatedObject> Batch, InMemoryStore Store) Simulated(int objects, int seed)
    {
        var batch = new WorkerSimulator(
                Rig.Coco17,
                new SimulationSettings { WorkersPerObject = 3, WorkforceSize = 12 },
                seed)
            .Generate(objects);
        var store = new InMemoryStore();
        var items = batch.Select(o =>
            Item(o.DatasetObjectId, o.Answers.Select(a => Inline(a.WorkerId, a.Content)).ToArray()));
        store.Put(PayloadUri, "[" + string.Join(",", items) + "]");
        return (batch, store);
    }

    [Fact]
    public async Task Consolidate_WorkersAcrossTheBatch_PoolingTheirNoiseComesCloserToTheTruth()
    {
        var (batch, store) = Simulated(objects: 150, seed: 11);
        async Task<double> MeanOks(bool pool)
        {
            var (response, result, _) = await Run(store, new BatchOptions { PoolWorkerNoise = pool });
            result.Consolidated.Should().Be(batch.Count);
            return response.EnumerateArray().Average(e =>
            {
                var label = e.GetProperty("consolidatedAnnotation")
                    .GetProperty("content")
                    .GetProperty("pose")
                    .Deserialize(CoreJsonContext.Default.ConsolidatedLabel)!;
                return Evaluation.MeanOks(
                    batch.Single(o => o.DatasetObjectId == e.GetProperty("datasetObjectId").GetString()).Truth,
                    RigArrays.ToArrays(label, Rig.Coco17),
                    Rig.Coco17);
            });
        }
        var alone = await MeanOks(pool: false);
        var pooled = await MeanOks(pool: true);
        pooled.Should().BeGreaterThan(alone + 0.003, "each worker's noise is known from the ~37 objects it labelled");
    }

    [Fact]
    public async Task Consolidate_PooledBatch_UsesTheFacingItEstimatesUnlessTheCallerSetOne()
    {
        var (_, store) = Simulated(objects: 150, seed: 11);
        var (_, _, log) = await Run(store);
        // The simulator's workers guess 30% of hidden faces and mirror about 7% of skeletons.
        var estimated = log.Single(l => l.StartsWith("batch estimates:", StringComparison.Ordinal));
        estimated.Should().NotContain("guessed when hidden 30.0 %")
            .And.MatchRegex(@"guessed when hidden (2[4-9]|3[0-6])\.\d %");
        var given = new FacingAssumptions { HiddenPlaced = 0.5 };
        var (_, _, kept) =
            await Run(store, new BatchOptions { Consolidation = new ConsolidationOptions { Facing = given } });
        kept.Single(l => l.StartsWith("batch estimates:", StringComparison.Ordinal))
            .Should().Contain("guessed when hidden 50.0 %")
            .And.Contain("mirror rate 6.0 %");
    }

    [Fact]
    public async Task Consolidate_MoreAnswersThanPoolingHolds_StreamsObjectByObjectAsWithoutPooling()
    {
        var (_, store) = Simulated(objects: 60, seed: 5);
        var (capped, _, log) = await Run(store, new BatchOptions { PoolWorkerNoiseMaxAnswers = 30 });
        var (unpooled, _, _) = await Run(store, new BatchOptions { PoolWorkerNoise = false });
        var (pooled, _, _) = await Run(store);
        capped.GetRawText().Should().Be(unpooled.GetRawText());
        pooled.GetRawText().Should().NotBe(unpooled.GetRawText());
        log.Should().Contain(l => l.Contains("worker noise is estimated per object"));
    }

    [Fact]
    public async Task Consolidate_StoredAnswerMissing_ConsolidatesFromTheOthersAndFlags()
    {
        var p = SkeletonAnswer(Person("s", 100, 50));
        var store = new InMemoryStore();
        store.Put(
            PayloadUri,
            $"[{Item("0", Inline("w1", p), Inline("w2", p), Stored("w3", "s3://labels/answers/gone.json"))}]");
        var (response, _, log) = await Run(store);
        var label = response[0].GetProperty("consolidatedAnnotation").GetProperty("content").GetProperty("pose");
        label.GetProperty("review_reasons").EnumerateArray().Select(r => r.GetString())
            .Should().Contain("unreadable_answer");
        label.GetProperty("workers").EnumerateArray().Single(w => w.GetProperty("worker_id").GetString() == "w3")
            .GetProperty("issues")[0].GetString()
            .Should().Contain("s3://labels/answers/gone.json")
            .And.Contain("NoSuchKey");
        log.Should().Contain(l => l.Contains("could not be fetched"));
        log.Should().NotContain(l => l.Contains("w3") || l.Contains("updated_annotations"));
    }

    [Fact]
    public async Task Consolidate_ObjectWithNoUsableAnswer_IsLeftOutAndLogged()
    {
        var p = SkeletonAnswer(Person("s", 100, 50));
        var store = new InMemoryStore();
        store.Put(
            PayloadUri,
            $"[{Item("0", Inline("w1", "{broken"))},{Item("1", Inline("w1", p))}, 17, " +
            $"{{\"annotations\": []}}, {{\"datasetObjectId\": \"2\"}}]");
        var (response, result, log) = await Run(store);
        response.EnumerateArray().Select(e => e.GetProperty("datasetObjectId").GetString()).Should().Equal("1");
        result.Failed.Should().Be(4);
        log.Should().Contain(l =>
            l.Contains("data object 0 left out") && l.Contains("none of its 1 answers is usable"));
        log.Should().Contain(l => l.Contains("payload[2] is a JSON Number"));
        log.Should().Contain(l => l.Contains("payload[3] has no datasetObjectId"));
        log.Should().Contain(l => l.Contains("data object 2 left out") && l.Contains("'annotations' is missing"));
    }

    [Fact]
    public async Task Consolidate_DuplicateDatasetObjectId_AnswersItOnce()
    {
        var p = SkeletonAnswer(Person("s", 100, 50));
        var store = new InMemoryStore();
        store.Put(PayloadUri, $"[{Item("0", Inline("w1", p))},{Item("0", Inline("w2", p))}]");
        var (response, _, _) = await Run(store);
        response.GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Consolidate_EmptyPayload_ReturnsEmptyArray()
    {
        var store = new InMemoryStore();
        store.Put(PayloadUri, "[]");
        var (response, result, _) = await Run(store);
        response.GetArrayLength().Should().Be(0);
        result.Objects.Should().Be(0);
    }

    [Theory]
    [InlineData("[{\"datasetObjectId\": \"0\", \"annotations\": [", "not a JSON array of data objects")]
    [InlineData("not json at all", "not a JSON array of data objects")]
    [InlineData("{\"datasetObjectId\": \"0\"}", "not a JSON array of data objects")]
    public async Task Consolidate_UnreadablePayload_FailsTheBatchNamingTheUri(string payload, string expected)
    {
        var store = new InMemoryStore();
        store.Put(PayloadUri, payload);
        var act = () => Run(store);
        (await act.Should().ThrowAsync<BatchException>()).Which.Message
            .Should().Contain(PayloadUri)
            .And.Contain(expected);
    }

    [Fact]
    public async Task Consolidate_PayloadMissing_FailsNamingUriAndCause()
    {
        var act = () => Run(new InMemoryStore());
        (await act.Should().ThrowAsync<BatchException>()).Which.Message
            .Should().Contain(PayloadUri)
            .And.Contain("NoSuchKey");
    }

    [Theory]
    [InlineData(null, "pose", "no payload.s3Uri")]
    [InlineData("https://bucket/key", "pose", "not an s3://bucket/key URI")]
    [InlineData(PayloadUri, null, "no labelAttributeName")]
    public async Task Consolidate_BadRequest_FailsNamingTheField(string? payload, string? attribute, string expected)
    {
        var act = () => Run(new InMemoryStore(), request: Request(payload, attribute));
        (await act.Should().ThrowAsync<BatchException>()).Which.Message.Should().Contain(expected);
    }

    [Fact]
    public async Task Consolidate_BucketOutsideAllowList_IsRefused()
    {
        var p = SkeletonAnswer(Person("s", 100, 50));
        var store = new InMemoryStore();
        store.Put(PayloadUri, $"[{Item("0", Inline("w1", p), Stored("w2", "s3://elsewhere/a.json"))}]");
        var options = new BatchOptions { AllowedBuckets = new HashSet<string> { "labels" } };
        var (response, _, _) = await Run(store, options);
        response[0].GetProperty("consolidatedAnnotation").GetProperty("content").GetProperty("pose")
            .GetProperty("workers")
            .EnumerateArray().Single(w => w.GetProperty("worker_id").GetString() == "w2")
            .GetProperty("issues")[0].GetString()
            .Should().Contain("not in the allowed buckets");
        store.Objects.Keys.Should().NotContain("s3://elsewhere/a.json");

        var refused = () => Run(store, new BatchOptions { AllowedBuckets = new HashSet<string> { "other" } });
        (await refused.Should().ThrowAsync<BatchException>()).Which.Message
            .Should().Contain("bucket 'labels' is not in the allowed buckets");
    }

    [Fact]
    public async Task Consolidate_Cancelled_FailsInsteadOfReturningPartly()
    {
        // The caller's deadline (PostAnnotation's) arrives as cancellation.
        var p = SkeletonAnswer(Person("s", 100, 50));
        var store = new InMemoryStore();
        store.Put(PayloadUri, $"[{Item("0", Inline("w1", p))}]");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var act = () => new BatchConsolidator(Rig.Coco17, store).ConsolidateAsync(Request(), cancelled.Token);
        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Consolidate_LargestBatch_EveryObjectLabelledAndPooled()
    {
        // 1,000 objects x 9 workers x 3 skeletons x 17 keypoints, worker ids as long as Ground Truth's.
        // (That its response fits Lambda's 6 MB is PostAnnotation's rule, tested there.)
        var settings = new SimulationSettings
        {
            WorkersPerObject = 9,
            MaxInstances = 3,
            FixedInstanceCount = true,
            WorkforceSize = 60,
            MissInstance = 0,
            MissKeypoint = 0,
            Occluded = 0,
        };
        var sim = new WorkerSimulator(Rig.Coco17, settings, 1);
        var objects = sim.Generate(1000);
        var payload = new StringBuilder("[");
        foreach (var o in objects)
        {
            if (payload.Length > 1) payload.Append(',');
            payload.Append(Item(
                o.DatasetObjectId,
                o.Answers.Select(a => Inline(
                        a.WorkerId.Replace("private.us-west-2.", "private.us-west-2.abcdefghijklmnopqrst"),
                        a.Content))
                    .ToArray()));
        }
        payload.Append(']');
        var store = new InMemoryStore();
        store.Put(PayloadUri, payload.ToString());
        var (response, result, log) = await Run(store, request: Request(attribute: "pose-estimation-labels"));
        response.GetArrayLength().Should().Be(1000);
        response.EnumerateArray().Should().OnlyContain(e =>
            e.GetProperty("consolidatedAnnotation")
                .GetProperty("content")
                .GetProperty("pose-estimation-labels")
                .GetProperty("instances")
                .GetArrayLength() == 3);
        result.ResponseBytes.Should().Be(Encoding.UTF8.GetByteCount(response.GetRawText()));
        log.Should().ContainSingle(
            l => l.StartsWith("batch estimates: noise of 60 workers", StringComparison.Ordinal),
            "all 9,000 answers are pooled");
        log.Should().NotContain(l => l.Contains("estimated per object"));
    }
}
