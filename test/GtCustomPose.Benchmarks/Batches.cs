using System.Text.Encodings.Web;
using System.Text.Json;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// Consolidation request payloads of a given size, as Ground Truth writes them (answers inline, escaped as a
/// browser's JSON.stringify does).
/// </summary>
internal static class Batches
{
    /// <summary>objects x workers x skeletons x 17 keypoints, with Ground-Truth-length worker ids.</summary>
    public static byte[] Payload(int objects, int workers = 9, int skeletons = 3, int seed = 1)
    {
        var sim = new WorkerSimulator(Rig.Coco17, new SimulationSettings
        {
            WorkersPerObject = workers, MaxInstances = skeletons, FixedInstanceCount = true, WorkforceSize = 60,
            MissInstance = 0, MissKeypoint = 0, Occluded = 0,
        }, seed);
        using var buffer = new MemoryStream(objects * 12_000);
        using (var w = new Utf8JsonWriter(
            buffer,
            new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            for (var i = 0; i < objects; i++)
            {
                var o = sim.Next(
                    i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"s3://gtpose-bench/images/{i:D5}.png");
                w.WriteStartObject();
                w.WriteString("datasetObjectId", o.DatasetObjectId);
                w.WriteStartObject("dataObject");
                w.WriteString("s3Uri", o.ImageUri);
                w.WriteEndObject();
                w.WriteStartArray("annotations");
                foreach (var answer in o.Answers)
                {
                    w.WriteStartObject();
                    w.WriteString(
                        "workerId",
                        answer.WorkerId.Replace(
                            "private.us-west-2.",
                            "private.us-west-2.abcdefghijklmnopqrst",
                            StringComparison.Ordinal));
                    w.WriteStartObject("annotationData");
                    w.WriteString("content", answer.Content);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return buffer.ToArray();
    }
}
