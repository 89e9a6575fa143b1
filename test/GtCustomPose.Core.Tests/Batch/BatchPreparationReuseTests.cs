using System.Text.Json;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Testing;

namespace GtCustomPose.Core.Tests.Batch;

/// <summary>
/// The consolidate pass reuses the estimate pass's matching and side repair; the labels must be exactly those of
/// estimating first and then consolidating each object from scratch.
/// </summary>
public class BatchPreparationReuseTests
{
    private const string PayloadUri = "s3://labels/job/consolidation-request/iteration-1/batch.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    private static string Answer(string worker, string content) => JsonSerializer.Serialize(
        new Dictionary<string, object>
        {
            ["workerId"] = worker,
            ["annotationData"] = new Dictionary<string, string> { ["content"] = content },
        },
        Options);

    private static string Item(SimulatedObject o)
    {
        var answers = string.Join(",", o.Answers.Select(a => Answer(a.WorkerId, a.Content)));
        return $$"""{"datasetObjectId": "{{o.DatasetObjectId}}", "dataObject": {"s3Uri": "{{o.ImageUri}}"}, """
            + $$"""
            "annotations": [{{answers}}]}
            """;
    }

    [Theory]
    [InlineData(3, 0.06, 7)]
    // Even worker counts and many mirrors: even mirror votes go to the face, which reads the batch-refined facing
    // rates (the 4-worker case fails when a prepared object is reused after consulting them).
    [InlineData(4, 0.3, 8)]
    [InlineData(2, 0.3, 9)]
    public async Task ConsolidateAsync_PooledBatch_SameLabelsAsEstimatingThenConsolidatingEachObject(
        int workers, double mirror, int seed)
    {
        var rig = Rig.Coco17;
        var settings = new SimulationSettings
        {
            WorkersPerObject = workers, WorkforceSize = 12, MirrorSkeleton = mirror,
        };
        var batch = new WorkerSimulator(rig, settings, seed).Generate(300);
        var store = new InMemoryStore();
        store.Put(PayloadUri, "[" + string.Join(",", batch.Select(Item)) + "]");
        var request = new PostAnnotationRequest("2018-10-16", "arn:aws:sagemaker:us-west-2:1:labeling-job/j", null,
            "pose", null, new PayloadReference(PayloadUri));
        var result = await new BatchConsolidator(rig, store).ConsolidateAsync(request);

        var parsed = batch.Select(o => (IReadOnlyList<WorkerAnswer>)o.Answers
            .Select(a => AnswerParser.Parse(a.WorkerId, a.Content, rig)).ToList()).ToList();
        var estimates = Consolidator.EstimateBatch(parsed, rig);
        var options = new ConsolidationOptions
        {
            WorkerNoise = estimates.WorkerNoise, Facing = estimates.Facing, WorkerDoubt = estimates.WorkerDoubt,
            WorkerRates = estimates.WorkerRates,
        };
        estimates.Facing.Should().NotBe(FacingAssumptions.Default, "the test needs a refined facing");
        var labels = result.Outcomes.Cast<ObjectOutcome.Labelled>().ToList();
        labels.Should().HaveCount(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var fresh = Consolidator.Consolidate(parsed[i], rig, options: options)!;
            JsonSerializer.Serialize(labels[i].Label, CoreJsonContext.Default.ConsolidatedLabel).Should().Be(
                JsonSerializer.Serialize(fresh, CoreJsonContext.Default.ConsolidatedLabel), batch[i].DatasetObjectId);
        }
    }
}
