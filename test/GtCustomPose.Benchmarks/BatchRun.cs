using System.Diagnostics;
using System.Globalization;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Testing;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// The largest batch end to end: payload in moto_server on loopback, read through AWSSDK.S3, consolidated, response
/// bytes written. Prints wall time (first and best of the runs) and the process's peak working set.
/// Run it pinned to one core: <c>taskset -c 0 dotnet ... batch 1000</c>.
/// </summary>
internal static class BatchRun
{
    /// <summary>
    /// Writes the payload to a file in its own process, so its generation does not count in the measured peak.
    /// </summary>
    public static int Prepare(int objects, int workers, int skeletons, string file)
    {
        File.WriteAllBytes(file, Batches.Payload(objects, workers, skeletons));
        return 0;
    }

    public static async Task<int> Run(int objects, int runs, int workers = 9, int skeletons = 3)
    {
        var file = Path.Combine(Path.GetTempPath(), $"gtpose-payload-{objects}x{workers}x{skeletons}.json");
        if (!File.Exists(file))
        {
            using var prepare = Process.Start(new ProcessStartInfo(
                "dotnet",
                [
                    typeof(BatchRun).Assembly.Location,
                    "batch-prepare",
                    objects.ToString(CultureInfo.InvariantCulture),
                    workers.ToString(CultureInfo.InvariantCulture),
                    skeletons.ToString(CultureInfo.InvariantCulture),
                    file,
                ]))!;
            await prepare.WaitForExitAsync();
        }
        using var moto = new MotoServer();
        await moto.CreateBucketAsync("gtpose-bench");
        using (var s3 = moto.CreateClient())
            await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
            {
                BucketName = "gtpose-bench",
                Key = "payload.json",
                FilePath = file,
            });
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var baseline = Process.GetCurrentProcess().WorkingSet64;
        var store = moto.CreateStore();
        var request = BenchRequest.Create();
        var times = new List<double>();
        long responseBytes = 0;
        for (var r = 0; r < runs; r++)
        {
            var consolidator = new BatchConsolidator(Rig.Coco17, store);
            var clock = Stopwatch.StartNew();
            using var output = new MemoryStream();
            var result = await consolidator.ConsolidateAsync(request, output);
            times.Add(clock.Elapsed.TotalMilliseconds);
            responseBytes = result.ResponseBytes;
        }
        var readOnly = Stopwatch.StartNew();
        var count = 0;
        await using (var stream = await store.OpenReadAsync(
            GtCustomPose.Core.Storage.S3Uri.Parse(BenchRequest.PayloadUri)))
            await foreach (var _ in PayloadReader.ReadAsync(stream)) count++;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  payload read only   {readOnly.Elapsed.TotalMilliseconds:F0} ms ({count} objects, streamed from S3)"));
        readOnly.Restart();
        await using (var stream = await store.OpenReadAsync(
            GtCustomPose.Core.Storage.S3Uri.Parse(BenchRequest.PayloadUri)))
            await foreach (var _ in System.Text.Json.JsonSerializer.DeserializeAsyncEnumerable(
                stream,
                GtCustomPose.Core.CoreJsonContext.Default.JsonElement)) count++;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  elements only       {readOnly.Elapsed.TotalMilliseconds:F0} ms"));
        // The peak is read before the comparisons below load the whole payload into memory on purpose.
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        var memory = new InMemoryStore();
        using (var s3 = moto.CreateClient())
        using (var o = await s3.GetObjectAsync("gtpose-bench", "payload.json"))
        using (var copy = new MemoryStream())
        {
            var download = Stopwatch.StartNew();
            await o.ResponseStream.CopyToAsync(copy);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  S3 download alone   {download.Elapsed.TotalMilliseconds:F0} ms"));
        }
        memory.Objects[BenchRequest.PayloadUri] = File.ReadAllBytes(file);
        var inMemory = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var clock = Stopwatch.StartNew();
            using var output = new MemoryStream();
            await new BatchConsolidator(Rig.Coco17, memory).ConsolidateAsync(request, output);
            inMemory.Add(clock.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  from memory bytes   best {inMemory.Min():F0} ms, " +
            $"median {inMemory.Order().ElementAt(inMemory.Count / 2):F0} ms"));
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(
            c,
            $"batch of {objects} objects x {workers} workers x {skeletons} skeletons x 17 keypoints, " +
            $"cores available: {Environment.ProcessorCount}"));
        Console.WriteLine(string.Create(c, $"  response bytes      {responseBytes:N0}"));
        Console.WriteLine(string.Create(c, $"  wall, first run     {times[0]:F0} ms"));
        Console.WriteLine(string.Create(
            c,
            $"  wall, best of {runs}     {times.Min():F0} ms " +
            $"(median {times.Order().ElementAt(times.Count / 2):F0} ms)"));
        Console.WriteLine(string.Create(c, $"  working set before  {baseline / 1048576.0:F0} MB"));
        Console.WriteLine(string.Create(c, $"  payload bytes       {new FileInfo(file).Length:N0}"));
        Console.WriteLine(string.Create(c, $"  peak working set    {peak / 1048576.0:F0} MB (whole process)"));
        return 0;
    }
}
