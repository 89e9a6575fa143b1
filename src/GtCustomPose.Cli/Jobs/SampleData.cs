using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;
using GtCustomPose.Simulation;

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
    /// <param name="rendered">Called after each image is written (progress).</param>
    public static async Task<List<string>> CreateAsync(
        IObjectStore store, Rig rig, int count, int seed, CancellationToken cancellationToken,
        Action? rendered = null)
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
                    if (f.Visible[a] && f.Visible[b]) canvas.Line(
                        f.X[a], f.Y[a], f.X[b], f.Y[b], 5, Canvas.Parse(e.Color));
                }
                for (var k = 0; k < rig.Count; k++)
                    if (f.Visible[k]) canvas.Dot(f.X[k], f.Y[k], 4, (40, 40, 40));
            }
            var uri = new S3Uri(Bucket, $"images/{i:D5}.png");
            await store.WriteAsync(uri, canvas.ToPng(), "image/png", cancellationToken).ConfigureAwait(false);
            lines.Add(Line(uri, size, figures, rig));
            rendered?.Invoke();
        }
        return lines;
    }

    /// <summary>A line's known truth (<see cref="TruthKey"/>) and its image size, when it has one.</summary>
    public static (IReadOnlyList<TruthInstance> Instances, ImageSize? Size)? Truth(JsonElement line, Rig rig)
    {
        if (!line.TryGetProperty(TruthKey, out var t) || t.ValueKind != JsonValueKind.Object) return null;
        return (ToTruth(InstanceReader.Read(t, rig, TruthKey, []) ?? [], rig), Size(t));
    }

    /// <summary>The <c>image_size</c> of a label or truth object, when it has a usable one.</summary>
    public static ImageSize? Size(JsonElement label) =>
        label.ValueKind == JsonValueKind.Object
            && label.TryGetProperty("image_size", out var s)
            && s.ValueKind == JsonValueKind.Object
        && s.TryGetProperty("width", out var w) && w.TryGetInt32(out var width) && width > 0
        && s.TryGetProperty("height", out var h) && h.TryGetInt32(out var height) && height > 0
            ? new ImageSize(width, height) : null;

    /// <summary>Skeletons taken as the truth of a simulation: placed keypoints are the visible ones.</summary>
    public static List<TruthInstance> ToTruth(IEnumerable<SkeletonInstance> instances, Rig rig) => instances.Select(i =>
    {
        var (x, y) = RigArrays.ToArrays(i.Keypoints, rig);
        return new TruthInstance(x, y, x.Select(v => !double.IsNaN(v)).ToArray());
    }).ToList();

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
