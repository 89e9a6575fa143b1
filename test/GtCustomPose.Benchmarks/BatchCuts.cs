using System.Globalization;
using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Testing;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// Do labels depend on how Ground Truth cut the batches? The same simulated objects consolidated as one batch (with the
/// pooling cap of before, 5,000 answers, and with today's default) and cut into batches of 250 and of 10 objects:
/// flagged objects, mean OKS against the truth, and how many verdicts differ from the 250-object cut.
/// `batch-cuts OBJECTS WORKERS SEED`.
/// </summary>
internal static class BatchCuts
{
    public static async Task<int> Run(int objects, int workers, int seed)
    {
        var rig = Rig.Coco17;
        var batch = new WorkerSimulator(rig, new SimulationSettings { WorkersPerObject = workers }, seed)
            .Generate(objects);
        var truth = batch.ToDictionary(o => o.DatasetObjectId, o => o.Truth);
        var cuts = new (string Name, int Size, BatchOptions Options)[]
        {
            (
                "one batch, pooled up to 5,000 answers (before)",
                objects,
                new BatchOptions { PoolWorkerNoiseMaxAnswers = 5_000 }),
            ("one batch, pooled (default now)", objects, new BatchOptions()),
            ("batches of 250", 250, new BatchOptions()),
            ("batches of 10", 10, new BatchOptions()),
        };
        var labels = new List<Dictionary<string, ConsolidatedLabel>>();
        foreach (var (_, size, options) in cuts)
        {
            var result = new Dictionary<string, ConsolidatedLabel>();
            foreach (var chunk in batch.Chunk(size))
                foreach (var l in await Consolidate(chunk, rig, options)) result[l.DatasetObjectId] = l.Label;
            labels.Add(result);
        }
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(
            c,
            $"{objects} objects x {workers} workers (seed {seed}); verdicts compared with the batches of 250"));
        Console.WriteLine(
            "| cut | flagged | mean OKS | verdicts unlike batches of 250 | mean OKS to the 250-cut label |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var reference = labels[2];
        for (var i = 0; i < cuts.Length; i++)
        {
            var l = labels[i];
            var flagged = l.Values.Count(x => x.NeedsReview);
            var oks = l.Average(p => Evaluation.MeanOks(truth[p.Key], RigArrays.ToArrays(p.Value, rig), rig));
            var differ = l.Count(p => reference.TryGetValue(p.Key, out var r) && r.NeedsReview != p.Value.NeedsReview);
            var close = l
                .Where(p => reference.ContainsKey(p.Key))
                .Average(p => LabelOks(p.Value, reference[p.Key], rig));
            Console.WriteLine(string.Create(c, $"| {cuts[i].Name} | {flagged} | {oks:F4} | {differ} | {close:F4} |"));
        }
        return 0;
    }

    // How alike two labels of one object are: the first's skeletons scored as truth against the second's.
    private static double LabelOks(ConsolidatedLabel a, ConsolidatedLabel b, Rig rig)
    {
        var truth = a.Instances.Select(i =>
        {
            var (x, y) = RigArrays.ToArrays(
                i.Keypoints.Select(k => new GtCustomPose.Core.Keypoint(k.Label, k.X, k.Y)),
                rig);
            return new TruthInstance(x, y, x.Select(v => !double.IsNaN(v)).ToArray());
        }).ToList();
        return truth.Count == 0
            ? (b.Instances.Count == 0 ? 1 : 0)
            : Evaluation.MeanOks(truth, RigArrays.ToArrays(b, rig), rig);
    }

    private static async Task<IReadOnlyList<ObjectOutcome.Labelled>> Consolidate(
        SimulatedObject[] chunk,
        Rig rig,
        BatchOptions options)
    {
        var payload = new StringBuilder("[");
        foreach (var o in chunk)
        {
            if (payload.Length > 1) payload.Append(',');
            var answers = o.Answers.Select(a =>
                $$$"""{"workerId": "{{{a.WorkerId}}}", "annotationData": """ +
                $$$"""{"content": {{{JsonSerializer.Serialize(a.Content)}}}}}""");
            payload.Append(
                $$"""{"datasetObjectId": "{{o.DatasetObjectId}}", "annotations": [{{string.Join(",", answers)}}]}""");
        }
        var store = new InMemoryStore();
        store.Put("s3://b/p.json", payload.Append(']').ToString());
        var request = new PostAnnotationRequest(null, null, null, "pose", null, new PayloadReference("s3://b/p.json"));
        return (await new BatchConsolidator(rig, store, options).ConsolidateAsync(request)).Labels;
    }
}
