using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Simulation;

namespace GtCustomPose.Benchmarks;

/// <summary>Consolidation request payloads of a given size, as Ground Truth writes them (answers inline).</summary>
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
        var text = new StringBuilder(objects * 25_000);
        text.Append('[');
        for (var i = 0; i < objects; i++)
        {
            var o = sim.Next(i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"s3://gtpose-bench/images/{i:D5}.png");
            if (i > 0) text.Append(',');
            text.Append("{\"datasetObjectId\":\"").Append(o.DatasetObjectId).Append("\",\"dataObject\":{\"s3Uri\":\"").Append(o.ImageUri).Append("\"},\"annotations\":[");
            for (var a = 0; a < o.Answers.Count; a++)
            {
                if (a > 0) text.Append(',');
                var id = o.Answers[a].WorkerId.Replace("private.us-west-2.", "private.us-west-2.abcdefghijklmnopqrst", StringComparison.Ordinal);
                text.Append("{\"workerId\":\"").Append(id).Append("\",\"annotationData\":{\"content\":")
                    .Append(JsonSerializer.Serialize(o.Answers[a].Content, GtCustomPose.Cli.BenchJsonContext.Default.String)).Append("}}");
            }
            text.Append("]}");
        }
        text.Append(']');
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
