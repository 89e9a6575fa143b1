using System.Globalization;
using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Testing;

/// <summary>
/// The labels a job's PostAnnotation batches give when Ground Truth cuts the job into consolidation requests of
/// <c>batchSize</c> objects (answers inline, as Ground Truth sends them): what a job gets without re-consolidation.
/// </summary>
public static class BatchCut
{
    /// <summary>Each labeled object's label (the <c>pose</c> value), by manifest line.</summary>
    public static async Task<Dictionary<int, JsonElement>> LabelsAsync(
        SimulatedJob job,
        int batchSize,
        BatchOptions? options = null)
    {
        var labels = new Dictionary<int, JsonElement>();
        var sent = Enumerable.Range(0, job.Objects.Count).Where(i => job.Objects[i] is not null).ToList();
        for (var start = 0; start < sent.Count; start += batchSize)
        {
            var store = new InMemoryStore();
            var payload = new StringBuilder("[");
            foreach (var i in sent.Skip(start).Take(batchSize))
            {
                if (payload.Length > 1) payload.Append(',');
                var o = job.Objects[i]!;
                var answers = o.Answers.Select(a =>
                    $$$"""{"workerId": {{{Quote(a.WorkerId)}}}, "annotationData": """ +
                    $$$"""{"content": {{{Quote(a.Content)}}}}}""");
                payload.Append(
                    CultureInfo.InvariantCulture,
                    $$"""{"datasetObjectId": "{{i}}", "dataObject": {"s3Uri": {{Quote(o.ImageUri)}}},""" +
                    $$""" "annotations": [{{string.Join(",", answers)}}]}""");
            }
            store.Put("s3://cut/payload.json", payload.Append(']').ToString());
            var request = new PostAnnotationRequest(
                "2018-10-16",
                "arn:aws:sagemaker:us-west-2:111122223333:labeling-job/cut",
                null,
                "pose",
                null,
                new PayloadReference("s3://cut/payload.json"));
            using var output = new MemoryStream();
            await new BatchConsolidator(Rig.Coco17, store, options).ConsolidateAsync(request, output);
            foreach (var entry in JsonDocument.Parse(output.ToArray()).RootElement.EnumerateArray())
                labels[int.Parse(entry.GetProperty("datasetObjectId").GetString()!, CultureInfo.InvariantCulture)] =
                    entry.GetProperty("consolidatedAnnotation").GetProperty("content").GetProperty("pose").Clone();
        }
        return labels;
    }

    private static string Quote(string s) =>
        "\"" + JsonEncodedText.Encode(s, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";
}
