using System.Diagnostics;
using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Pre;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Testing;

namespace GtCustomPose.Core.Tests;

/// <summary>
/// The corpus in fixtures/hostile and a bounded mutation fuzzer over the fixture events and answers: every input
/// yields a result, a clear error of the documented type, or a flagged object; never an unhandled exception, never a
/// hang.
/// </summary>
public class HostileInputTests
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "fixtures", "hostile");
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    public static TheoryData<string> Answers() =>
        new(Directory.GetFiles(Corpus, "answer-*.json").Select(Path.GetFileName).Order()!);

    public static TheoryData<string> Events() =>
        new(Directory.GetFiles(Corpus, "event-*.json").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(Answers))]
    public void AnswerParser_HostileAnswer_IsUnreadableOrFlaggedWithReasons(string file)
    {
        var clock = Stopwatch.StartNew();
        var answer = AnswerParser.Parse("w1", File.ReadAllText(Path.Combine(Corpus, file)), Rig.Coco17);
        clock.Elapsed.Should().BeLessThan(Budget);
        if (answer.IsUsable && answer.Instances.Sum(i => i.Keypoints.Count) == 0 && answer.Problems.Count == 0)
            answer.Instances.Should().BeEmpty($"{file}: an empty answer must say so, not invent skeletons");
        if (!answer.IsUsable || answer.Problems.Count > 0)
        {
            answer.Problems.Should().OnlyContain(
                p => p.Length > 10 && p.Length < 400,
                "each problem is a readable, bounded sentence");
        }
        var label = Consolidation.Consolidator.Consolidate(
            [answer, Fixtures.Answer("w2", Fixtures.Person("s", 10, 10))],
            Rig.Coco17);
        label.Should().NotBeNull("the other worker's answer still makes a label");
        label!.NeedsReview.Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void PreAnnotation_HostileEvent_MapsOrThrowsDataObjectException(string file)
    {
        var text = File.ReadAllText(Path.Combine(Corpus, file));
        var clock = Stopwatch.StartNew();
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            var response = PreAnnotationMapper.Map(doc.RootElement, new PreAnnotationSettings(Rig.Coco17));
            JsonSerializer.Serialize(response, CoreJsonContext.Default.PreAnnotationResponse).Should().NotBeEmpty();
        }
        catch (JsonException)
        {
            // The handler turns this into a DataObjectException ("not valid JSON"); tested in the function's tests.
        }
        catch (DataObjectException e)
        {
            e.Message.Should().NotBeNullOrWhiteSpace();
            e.Message.Length.Should().BeLessThan(2000, "messages quote bad values shortened");
        }
        clock.Elapsed.Should().BeLessThan(Budget);
    }

    [Fact]
    public void Fuzz_MutatedEventsAndAnswers_NeverThrowUnexpectedly()
    {
        var seeds = Directory
            .GetFiles(Path.Combine(AppContext.BaseDirectory, "fixtures"), "*.json", SearchOption.AllDirectories)
            .Select(File.ReadAllText).Where(t => t.Length < 20_000).ToArray();
        var random = new Random(20261122);
        string[] tokens =
        [
            "NaN", "-1e309", "null", "[]", "{}", "\"\"", "\"s3://\"", "[[[[[[", "}}}",
            "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00x\"", "9999999999999999999999", "true", ",", ":",
        ];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 3000; i++)
        {
            var mutated = Mutator.Mutate(
                seeds[random.Next(seeds.Length)],
                random,
                tokens,
                edits: 1 + random.Next(4),
                longestCut: 8);
            var answer = AnswerParser.Parse("w", mutated, Rig.Coco17);
            answer.Problems.Where(string.IsNullOrWhiteSpace).Should().BeEmpty();
            try
            {
                using var doc = JsonDocument.Parse(mutated);
                PreAnnotationMapper.Map(doc.RootElement, new PreAnnotationSettings(Rig.Coco17, "pose"));
            }
            catch (Exception e) when (e is JsonException or DataObjectException)
            {
            }
        }
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Fuzz_MutatedPayloads_FailTheBatchClearlyOrAnswerEachObjectOnce()
    {
        var random = new Random(7);
        var good =
            """[{"datasetObjectId": "0", "annotations": [{"workerId": "w1",""" +
            """ "annotationData": {"content": "{\"kp\": {\"keypoints\":""" +
            """ [{\"label\": \"nose\", \"x\": 1, \"y\": 2}]}}"}}]},""" +
            """ {"datasetObjectId": "1", "annotations": []}]""";
        for (var i = 0; i < 500; i++)
        {
            var text = new StringBuilder(good);
            var at = random.Next(text.Length);
            if (random.Next(2) == 0) text.Remove(at, Math.Min(text.Length - at, 1 + random.Next(5)));
            else text.Insert(at, "\"{[]},:"[random.Next(7)]);
            var store = new InMemoryStore();
            store.Put("s3://b/p.json", text.ToString());
            var consolidator = new BatchConsolidator(Rig.Coco17, store);
            using var output = new MemoryStream();
            try
            {
                var result = await consolidator.ConsolidateAsync(
                    new PostAnnotationRequest(null, null, null, "pose", null, new PayloadReference("s3://b/p.json")),
                    output);
                var ids = JsonDocument.Parse(output.ToArray()).RootElement.EnumerateArray()
                    .Select(e => e.GetProperty("datasetObjectId").GetString())
                    .ToList();
                ids.Should().OnlyHaveUniqueItems();
                result.Consolidated.Should().Be(ids.Count);
            }
            catch (BatchException e)
            {
                e.Message.Should().Contain("s3://b/p.json");
            }
        }
    }

    [Fact]
    public async Task Consolidate_PayloadOfFiveThousandObjects_AnswersEveryOne()
    {
        var content = JsonSerializer.Serialize(Fixtures.SkeletonAnswer(Fixtures.Person("s", 10, 10)));
        var payload = new StringBuilder("[");
        for (var i = 0; i < 5000; i++)
        {
            payload.Append(i == 0 ? "" : ",").Append(
                $$$"""{"datasetObjectId": "{{{i}}}", "annotations": [""" +
                $$$"""{"workerId": "w1", "annotationData": {"content": {{{content}}}}},""" +
                $$$""" {"workerId": "w2", "annotationData": {"content": {{{content}}}}}]}""");
        }
        payload.Append(']');
        var store = new InMemoryStore();
        store.Put("s3://b/p.json", payload.ToString());
        using var output = new MemoryStream();
        var log = new List<string>();
        var consolidator = new BatchConsolidator(Rig.Coco17, store, new BatchOptions { Log = log.Add });
        var result = await consolidator.ConsolidateAsync(
            new PostAnnotationRequest(null, null, null, "pose", null, new PayloadReference("s3://b/p.json")),
            output);
        result.Consolidated.Should().Be(5000);
        var response = JsonDocument.Parse(output.ToArray()).RootElement;
        response.GetArrayLength().Should().Be(5000);
        // 10,000 answers, twice the old pooling cap: still one batch's estimates. (The 6 MB rule and the compact
        // fallback are PostAnnotation's, tested there.)
        log.Should().ContainSingle(l => l.StartsWith("batch estimates:", StringComparison.Ordinal));
        log.Should().NotContain(l => l.Contains("estimated per object"));
    }

    [Fact]
    public async Task Consolidate_TenOrMoreAnswersForOneObject_ConsolidatesWithinLimits()
    {
        var content = JsonSerializer.Serialize(Fixtures.SkeletonAnswer(Fixtures.Person("s", 10, 10)));
        var answers = string.Join(
            ",",
            Enumerable.Range(0, 40).Select(i =>
                $$$"""{"workerId": "w{{{i % 12}}}", "annotationData": {"content": {{{content}}}}}"""));
        var store = new InMemoryStore();
        store.Put("s3://b/p.json", $$"""[{"datasetObjectId": "0", "annotations": [{{answers}}]}]""");
        using var output = new MemoryStream();
        var clock = Stopwatch.StartNew();
        await new BatchConsolidator(Rig.Coco17, store).ConsolidateAsync(
            new PostAnnotationRequest(null, null, null, "pose", null, new PayloadReference("s3://b/p.json")),
            output);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        var label = JsonDocument.Parse(output.ToArray()).RootElement[0]
            .GetProperty("consolidatedAnnotation")
            .GetProperty("content")
            .GetProperty("pose");
        label.GetProperty("review_reasons").EnumerateArray().Select(r => r.GetString())
            .Should().Contain(["duplicate_worker_id", "unreadable_answer"]);
        label.GetProperty("workers").EnumerateArray()
            .Should().Contain(w => w.GetProperty("issues")[0].GetString()!.Contains("only the first 32"));
    }
}
