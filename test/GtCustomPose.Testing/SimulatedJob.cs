using System.Globalization;
using System.Text;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Testing;

/// <summary>
/// A finished labeling job of simulated workers, stored as Ground Truth stores one: one worker-response file per answer
/// under <c>annotations/worker-response/iteration-1/&lt;line&gt;/</c>. The manifest's line <c>i</c> is object <c>i</c>.
/// </summary>
/// <param name="Objects">
/// The simulated objects with their truth, line order; null where the line was kept from workers.
/// </param>
/// <param name="Manifest">The input manifest, one line per object.</param>
/// <param name="Layout">Where the job's output is.</param>
public sealed record SimulatedJob(IReadOnlyList<SimulatedObject?> Objects, string Manifest, JobOutputLayout Layout)
{
    /// <summary>Answers stored.</summary>
    public int Answers => Objects.Sum(o => o?.Answers.Count ?? 0);

    /// <summary>
    /// Simulates <paramref name="count"/> objects and writes their answers to <paramref name="store"/>. Objects for
    /// which <paramref name="keepFromWorkers"/> is true get no responses (as with
    /// <c>isHumanAnnotationRequired: false</c>).
    /// </summary>
    public static async Task<SimulatedJob> WriteAsync(
        IObjectStore store,
        JobOutputLayout layout,
        int count,
        SimulationSettings settings,
        int seed = 7,
        Func<int, bool>? keepFromWorkers = null,
        int concurrency = 32)
    {
        var simulator = new WorkerSimulator(Rig.Coco17, settings, seed);
        var objects = new List<SimulatedObject?>(count);
        var manifest = new StringBuilder();
        var started = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
        using var gate = new SemaphoreSlim(concurrency);
        var writes = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            var id = i.ToString(CultureInfo.InvariantCulture);
            var image = $"s3://{layout.Bucket}/images/{i:D6}.png";
            manifest.Append(
                CultureInfo.InvariantCulture,
                $$$"""{"source-ref": "{{{image}}}", "pass-through": {"n": {{{i}}}}}""").Append('\n');
            // The simulator draws every object, kept or not, so the answers of the rest do not depend on
            // which are kept.
            var o = simulator.Next(id, image);
            if (keepFromWorkers?.Invoke(i) == true) { objects.Add(null); continue; }
            objects.Add(o);
            for (var w = 0; w < o.Answers.Count; w++)
            {
                var a = o.Answers[w];
                var submitted = started.AddSeconds(i * 10 + w);
                var body = WorkerResponseFile.Create(a.WorkerId, a.Content, submitted.AddSeconds(-30), submitted);
                await gate.WaitAsync();
                writes.Add(WriteAsync(store, layout.ResponseUri(id, submitted), body, gate));
            }
            if (writes.Count > 4 * concurrency) { await Task.WhenAll(writes); writes.Clear(); }
        }
        await Task.WhenAll(writes);
        return new SimulatedJob(objects, manifest.ToString(), layout);
    }

    private static async Task WriteAsync(IObjectStore store, S3Uri uri, byte[] body, SemaphoreSlim gate)
    {
        try { await store.WriteAsync(uri, body, "application/json"); }
        finally { gate.Release(); }
    }
}
