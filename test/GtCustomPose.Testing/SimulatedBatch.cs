using System.Globalization;
using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Testing;

/// <summary>
/// A post-annotation batch of simulated workers whose answers are S3 objects, as Ground Truth stores them: the payload
/// at <see cref="Payload"/> names each answer by <c>annotationData.s3Uri</c> under <c>answers/</c>.
/// </summary>
/// <param name="Payload">The consolidation request payload.</param>
/// <param name="Event">The post-annotation event naming it.</param>
/// <param name="Answers">Answers stored.</param>
public sealed record SimulatedBatch(S3Uri Payload, string Event, int Answers)
{
    /// <summary>Writes <paramref name="objects"/> objects of <paramref name="workers"/> answers each.</summary>
    public static async Task<SimulatedBatch> WriteAsync(
        IObjectStore store, string bucket, int objects, int workers = 3, int seed = 7)
    {
        var simulator = new WorkerSimulator(
            Rig.Coco17, new SimulationSettings { WorkersPerObject = workers, WorkforceSize = 10 }, seed);
        var payload = new StringBuilder("[");
        var answers = 0;
        for (var i = 0; i < objects; i++)
        {
            var id = i.ToString(CultureInfo.InvariantCulture);
            var o = simulator.Next(id, $"s3://{bucket}/images/{i:D6}.png");
            if (i > 0) payload.Append(',');
            payload.Append(CultureInfo.InvariantCulture,
                $$"""{"datasetObjectId": "{{id}}", "dataObject": {"s3Uri": "s3://{{bucket}}/images/{{i:D6}}.png"}, """)
                .Append("\"annotations\": [");
            var writes = new List<Task>();
            for (var w = 0; w < o.Answers.Count; w++)
            {
                var a = o.Answers[w];
                var uri = new S3Uri(bucket, $"answers/{id}/{w}.json");
                writes.Add(store.WriteAsync(uri, Encoding.UTF8.GetBytes(a.Content), "application/json"));
                if (w > 0) payload.Append(',');
                var worker = JsonSerializer.Serialize(a.WorkerId);
                payload.Append(CultureInfo.InvariantCulture,
                    $$$"""{"workerId": {{{worker}}}, "annotationData": {"s3Uri": "{{{uri}}}"}}""");
                answers++;
            }
            await Task.WhenAll(writes);
            payload.Append("]}");
        }
        payload.Append(']');
        var payloadUri = new S3Uri(bucket, "consolidation-request/iteration-1/batch.json");
        await store.WriteAsync(payloadUri, Encoding.UTF8.GetBytes(payload.ToString()), "application/json");
        var evt = """{"version": "2018-10-16", "labelingJobArn": "arn:aws:sagemaker:us-east-1:1:labeling-job/j", """ +
            $$$"""  "labelAttributeName": "pose", "payload": {"s3Uri": "{{{payloadUri}}}"}}""";
        return new SimulatedBatch(payloadUri, evt, answers);
    }
}
