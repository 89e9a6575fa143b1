using System.Diagnostics;
using System.Globalization;
using System.Text;
using GtCustomPose.Testing;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// Cold start of a published bootstrap: from exec to its first response posted to a Runtime API on loopback.
/// PostAnnotation reads a 10-object batch from moto_server. Prints median, p90 and min of N runs per build.
/// </summary>
internal static class ColdStart
{
    public static async Task<int> Run(string publishRoot, int runs, string? only = null)
    {
        using var moto = new MotoServer();
        await moto.CreateBucketAsync("gtpose-bench");
        using (var s3 = moto.CreateClient())
            await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
            {
                BucketName = "gtpose-bench",
                Key = "batch10.json",
                InputStream = new MemoryStream(Batches.Payload(10, workers: 3, skeletons: 2)),
            });
        var preEvent =
            """{"version": "2018-10-16",""" +
            """ "labelingJobArn": "arn:aws:sagemaker:us-west-2:111122223333:labeling-job/pose",""" +
            """ "dataObject": {"source-ref": "s3://bucket/images/0001.jpg",""" +
            """ "annotations": [{"name": "a", "annotations": [{"label": "nose", "x": 1, "y": 2}]}]}}""";
        var postEvent =
            """{"version": "2018-10-16", "labelingJobArn": "arn:job", "labelAttributeName": "pose",""" +
            """ "payload": {"s3Uri": "s3://gtpose-bench/batch10.json"}}""";

        Console.WriteLine(
            $"Cold start, exec of bootstrap to first response at the Runtime API, {runs} runs each, " +
            $"{Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| function | build | median | p90 | min |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        foreach (var (function, evt, env) in new[]
        {
            ("pre-annotation", preEvent, (IReadOnlyDictionary<string, string>?)null),
            ("post-annotation", postEvent, moto.Environment),
        })
        {
            if (only is not null && function != only) continue;
            foreach (var build in new[] { "jit", "r2r", "aot" })
            {
                var dir = Path.Combine(publishRoot, $"{function}-{build}");
                var exe = Path.Combine(
                    dir,
                    build is "r2r" or "aot" ? "bootstrap"
                    : function == "pre-annotation" ? "GtCustomPose.PreAnnotation"
                    : "GtCustomPose.PostAnnotation");
                if (!File.Exists(exe))
                {
                    Console.WriteLine($"| {function} | {build} | missing {exe} | | |");
                    continue;
                }
                var times = new List<double>();
                for (var r = 0; r < runs + 1; r++)
                {
                    using var api = new FakeRuntimeApi();
                    var id = api.Enqueue(evt);
                    var started = Stopwatch.GetTimestamp();
                    using var process = new FunctionProcess(
                        new ProcessStartInfo(exe) { WorkingDirectory = dir },
                        api.Address,
                        env);
                    if (!await api.WaitForAsync(id, TimeSpan.FromSeconds(30))
                        || !api.Arrivals.TryGetValue(id, out var arrived))
                        throw new InvalidOperationException(
                            $"{function} {build} gave no response: {string.Join("\n", process.Output)}");
                    if (api.Errors.TryGetValue(id, out var error))
                        throw new InvalidOperationException($"{function} {build} failed the invocation: {error.Body}");
                    // The first run warms the disk cache; it is not counted.
                    if (r > 0) times.Add(Stopwatch.GetElapsedTime(started, arrived).TotalMilliseconds);
                }
                times.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {function} | {build switch
                    {
                        "aot" => "Native AOT",
                        "r2r" => "trimmed composite ReadyToRun, self-contained",
                        _ => "JIT, framework-dependent",
                    }} | " +
                    $"{times[times.Count / 2]:F0} ms | {times[(int)(times.Count * 0.9)]:F0} ms | {times[0]:F0} ms |"));
            }
        }
        return 0;
    }
}
