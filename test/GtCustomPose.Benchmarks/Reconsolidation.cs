using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;
using GtCustomPose.Simulation;
using GtCustomPose.Testing;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// Job-level re-consolidation. <c>reconsolidate-quality</c>: the labels a job gets when Ground Truth cuts it into
/// consolidation requests of 10, 250 or 1,000 objects, against the same job re-consolidated, scored on the simulator's
/// truth. <c>reconsolidate-scale</c>: both passes against moto_server, objects/s and peak RSS.
/// </summary>
internal static class Reconsolidation
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static async Task<int> Quality(int objects, int workers, int seed)
    {
        var store = new InMemoryStore();
        var layout = JobOutputLayout.Parse("s3://bench/out/level1/");
        var settings = new SimulationSettings { WorkersPerObject = workers, WorkforceSize = 40 };
        var job = await SimulatedJob.WriteAsync(store, layout, objects, settings, seed);
        Console.WriteLine(string.Create(
            C,
            $"{objects} objects x {workers} simulated workers (seed {seed}), " +
            $"default crowd (guess rate {settings.GuessOccluded})"));
        Console.WriteLine("| labels from | flagged | mean OKS vs truth |");
        Console.WriteLine("|---|---|---|");
        foreach (var size in new[] { 10, 250, 1000, objects }.Where(s => s <= objects).Distinct())
        {
            var cut = await BatchCut.LabelsAsync(job, size);
            Row($"PostAnnotation, batches of {size}", job, i => cut.TryGetValue(i, out var l) ? l : null);
        }
        var output = new MemoryStream();
        var clock = Stopwatch.StartNew();
        var result = await new JobReconsolidator(store, layout, Rig.Coco17).RunAsync(
            _ => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(job.Manifest))),
            output,
            Stream.Null);
        var lines = Encoding.UTF8.GetString(output.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("pose").Clone())
            .ToList();
        Row("re-consolidated (any batch size)", job, i => lines[i]);
        Console.WriteLine(string.Create(
            C,
            $"re-consolidation: {result.Labeled} labels in {clock.Elapsed.TotalSeconds:F1} s (in-memory store)"));
        return 0;
    }

    private static void Row(string name, SimulatedJob job, Func<int, JsonElement?> label)
    {
        int flagged = 0, n = 0;
        double oks = 0;
        for (var i = 0; i < job.Objects.Count; i++)
        {
            if (job.Objects[i] is not { } o || label(i) is not { } l) continue;
            n++;
            if (l.GetProperty("needs_review").GetBoolean()) flagged++;
            var predicted = InstanceReader.Read(l, Rig.Coco17, "label", []) ?? [];
            oks += Evaluation.MeanOks(
                o.Truth,
                predicted.Select(p => RigArrays.ToArrays(p.Keypoints, Rig.Coco17)).ToList(),
                Rig.Coco17);
        }
        Console.WriteLine(string.Create(
            C,
            $"| {name} | {flagged} of {n} ({100.0 * flagged / n:F1}%) | {oks / n:F4} |"));
    }

    public static async Task<int> Scale(int objects, int workers)
    {
        using var moto = new MotoServer();
        await moto.CreateBucketAsync("bench");
        IObjectStore store = GtCustomPose.Storage.S3ObjectStore.Create(moto.Endpoint, MotoServer.Credentials);
        var layout = JobOutputLayout.Parse("s3://bench/out/level1/");
        var clock = Stopwatch.StartNew();
        var job = await SimulatedJob.WriteAsync(
            store,
            layout,
            objects,
            new SimulationSettings { WorkersPerObject = workers, WorkforceSize = 60 },
            7,
            concurrency: 64);
        var manifest = Encoding.UTF8.GetBytes(job.Manifest);
        Console.WriteLine(string.Create(
            C,
            $"wrote {job.Answers:N0} worker-response objects ({objects:N0} objects x {workers}) to moto_server " +
            $"in {clock.Elapsed.TotalSeconds:F0} s"));
        job = null;
        GC.Collect();
        ResetPeak();
        var before = Peak();

        var reconsolidator = new JobReconsolidator(store, layout, Rig.Coco17);
        clock.Restart();
        var estimates = await reconsolidator.EstimateAsync();
        var statistics = clock.Elapsed;
        var files1 = reconsolidator.FilesRead;
        clock.Restart();
        var result = await reconsolidator.WriteLabelsAsync(
            new MemoryStream(manifest),
            reconsolidator.Pooled(estimates),
            Stream.Null,
            Stream.Null);
        var labels = clock.Elapsed;
        var total = statistics + labels;
        Console.WriteLine(string.Create(
            C,
            $"pass 1 (statistics): {statistics.TotalSeconds:F1} s, {files1 / statistics.TotalSeconds:F0} files/s, " +
            $"{objects / statistics.TotalSeconds:F0} objects/s"));
        Console.WriteLine(string.Create(
            C,
            $"pass 2 (labels):     {labels.TotalSeconds:F1} s, " +
            $"{(reconsolidator.FilesRead - files1) / labels.TotalSeconds:F0} files/s, " +
            $"{objects / labels.TotalSeconds:F0} objects/s"));
        Console.WriteLine(string.Create(
            C,
            $"both passes: {objects / total.TotalSeconds:F0} objects/s; " +
            $"{result.Labeled:N0} labels, {result.Flagged:N0} flagged; peak RSS {Peak() / 1048576.0:F0} MB " +
            $"(before the passes {before / 1048576.0:F0} MB; manifest held: {manifest.Length / 1048576.0:F1} MB)"));
        Console.WriteLine(string.Create(
            C,
            $"cores: {Environment.ProcessorCount}; moto_server is single-threaded Python on the same machine"));
        return 0;
    }

    // Linux: writing 5 to clear_refs resets the peak resident set size (VmHWM) to the current one.
    private static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static long Peak()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line[6..].Trim().Split(' ')[0], C) * 1024;
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
