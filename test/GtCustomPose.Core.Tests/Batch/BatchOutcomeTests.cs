using System.Text.Json;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Testing;
using static GtCustomPose.Core.Tests.Fixtures;

namespace GtCustomPose.Core.Tests.Batch;

/// <summary>Each payload element ends as one typed outcome, and an answer that says nothing is no label.</summary>
public class BatchOutcomeTests
{
    private const string PayloadUri = "s3://labels/batch.json";

    private static string Inline(string worker, string content) =>
        $$$"""{"workerId": "{{{worker}}}", "annotationData": {"content": {{{JsonSerializer.Serialize(content)}}}}}""";

    private static string Item(string id, params string[] answers) =>
        $$"""{"datasetObjectId": "{{id}}", "annotations": [{{string.Join(",", answers)}}]}""";

    private static async Task<(BatchResult Result, List<string> Log)> Run(string payload)
    {
        var store = new InMemoryStore();
        store.Put(PayloadUri, payload);
        var log = new List<string>();
        var result = await new BatchConsolidator(Rig.Coco17, store, new BatchOptions { Log = log.Add })
            .ConsolidateAsync(
                new PostAnnotationRequest(null, null, null, "pose", null, new PayloadReference(PayloadUri)));
        return (result, log);
    }

    [Fact]
    public async Task ConsolidateAsync_MixedPayload_OneOutcomePerElementInPayloadOrder()
    {
        var p = SkeletonAnswer(Person("s", 100, 50));
        var (result, log) = await Run(
            $"[{Item("a", Inline("w1", p), Inline("w2", p))}, 17, {Item("b", Inline("w1", "{broken"))}, " +
            $"{Item("a", Inline("w3", p))}, {Item("c", Inline("w1", p))}]");

        result.Outcomes.Select(o => (o.GetType().Name, o.Index, o.DatasetObjectId)).Should().Equal(
            ("Labelled", 0, "a"), ("Failed", 1, null), ("Failed", 2, "b"), ("Labelled", 4, "c"));
        result.Outcomes.OfType<ObjectOutcome.Failed>().Select(f => f.Reason).Should().Equal(
            "payload[1] is a JSON Number, expected an object", "none of its 1 answers is usable");
        result.Labels.Select(l => l.DatasetObjectId).Should().Equal("a", "c");
        // The repeated id is counted as an element, not as answers or a failure.
        result.Should().BeEquivalentTo(new { Objects = 5, Consolidated = 2, Failed = 2, Answers = 4 });
        log.Should().Contain(l => l.Contains("data object a appears again at payload[3]"));
    }

    [Fact]
    public async Task ConsolidateAsync_EveryAnswerBlank_ObjectFailsInsteadOfNobodyInTheImage()
    {
        var blank = """{"updated_annotations": "", "original_annotations": "", "no_changes_needed": false}""";
        var (result, _) = await Run($"[{Item("0", Inline("w1", blank), Inline("w2", blank), Inline("w3", blank))}]");

        result.Outcomes.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new ObjectOutcome.Failed(0, "0", "none of its 3 answers is usable"));
    }

    [Fact]
    public async Task ConsolidateAsync_OneAnswerBlank_FlagsUnreadableAndListsItInTheWorkersIssues()
    {
        var p = SkeletonAnswer(Person("s", 100, 50));
        var blank = """{"updated_annotations": " ", "original_annotations": "[]"}""";
        var (result, _) = await Run($"[{Item("0", Inline("w1", p), Inline("w2", p), Inline("w3", blank))}]");

        var label = result.Labels.Single().Label;
        label.NeedsReview.Should().BeTrue();
        label.ReviewReasons.Should().Contain("unreadable_answer");
        label.Workers.Single(w => w.WorkerId == "w3").Issues.Should().ContainSingle()
            .Which.Should().Contain("updated_annotations is an empty string");
        label.Instances.Should().ContainSingle("the other two workers' person is the label");
    }

    [Fact]
    public async Task ConsolidateAsync_EmptyListFromEveryWorker_SaysNobodyIsInTheImage()
    {
        var nobody = """{"updated_annotations": "[]", "original_annotations": "[]"}""";
        var (result, _) = await Run($"[{Item("0", Inline("w1", nobody), Inline("w2", nobody))}]");

        result.Labels.Single().Label.Instances.Should().BeEmpty();
    }

    [Fact]
    public void Options_Default_PoolsGroundTruthsLargestBatch()
    {
        // 1,000 objects x 9 workers, and 5,000 objects (on request) x 9.
        new BatchOptions().PoolWorkerNoiseMaxAnswers.Should().BeGreaterThanOrEqualTo(5_000 * 9);
    }
}
