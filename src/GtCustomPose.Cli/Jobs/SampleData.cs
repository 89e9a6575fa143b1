using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Simulation;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Cli.Jobs;

/// <summary>
/// The bundled sample: stick figures rendered by the project (so anyone may redistribute them) with known keypoints.
/// Each manifest line carries its truth under <see cref="TruthKey"/> so a simulated job can be scored against it.
/// </summary>
internal static class SampleData
{
    public const string TruthKey = "gtpose-truth";
    public const string Bucket = "gtpose-sample";

    /// <summary>Writes <paramref name="count"/> images to the store and returns the input manifest lines.</summary>
    public static async Task<List<string>> CreateAsync(IObjectStore store, Rig rig, int count, int seed, CancellationToken cancellationToken)
    {
        var size = new ImageSize(640, 480);
        var simulator = new WorkerSimulator(rig, new SimulationSettings { ImageSize = size }, seed);
        var random = new Random(seed);
        var lines = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var figures = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => simulator.RandomFigure(size)).ToList();
            var canvas = new Canvas(size.Width, size.Height, (236, 239, 241));
            foreach (var f in figures)
            {
                foreach (var e in rig.Edges)
                {
                    int a = rig.IndexOf(e.From), b = rig.IndexOf(e.To);
                    if (f.Visible[a] && f.Visible[b]) canvas.Line(f.X[a], f.Y[a], f.X[b], f.Y[b], 5, Canvas.Parse(e.Color));
                }
                for (var k = 0; k < rig.Count; k++)
                    if (f.Visible[k]) canvas.Dot(f.X[k], f.Y[k], 4, (40, 40, 40));
            }
            var uri = new S3Uri(Bucket, $"images/{i:D5}.png");
            await store.WriteAsync(uri, canvas.ToPng(), "image/png", cancellationToken).ConfigureAwait(false);
            lines.Add(Line(uri, size, figures, rig));
        }
        return lines;
    }

    private static string Line(S3Uri uri, ImageSize size, List<TruthInstance> figures, Rig rig)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("source-ref", uri.ToString());
            w.WriteStartObject(TruthKey);
            w.WriteStartObject("image_size");
            w.WriteNumber("width", size.Width);
            w.WriteNumber("height", size.Height);
            w.WriteEndObject();
            w.WriteStartArray("instances");
            for (var n = 0; n < figures.Count; n++)
            {
                w.WriteStartObject();
                w.WriteString("name", $"person_{n + 1}");
                w.WriteStartArray("keypoints");
                for (var k = 0; k < rig.Count; k++)
                {
                    if (!figures[n].Visible[k]) continue;
                    w.WriteStartObject();
                    w.WriteString("label", rig.Keypoints[k].Label);
                    w.WriteNumber("x", Math.Round(figures[n].X[k], 1));
                    w.WriteNumber("y", Math.Round(figures[n].Y[k], 1));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
