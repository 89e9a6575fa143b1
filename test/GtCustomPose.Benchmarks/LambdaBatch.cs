using System.Diagnostics;
using System.Globalization;
using GtCustomPose.Testing;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// The largest batch through the deployed artifact: the published PostAnnotation <c>bootstrap</c>
/// (scripts/publish.sh), pinned to one core, reads the payload from moto_server (pinned to the other with
/// GTPOSE_MOTO_CPU=1) and posts its response to a Runtime API on loopback. Prints the wall time of each invocation,
/// the first one cold, and the peak RSS.
/// </summary>
internal static class LambdaBatch
{
    /// <summary>The post-annotation event naming the payload <see cref="PutPayloadAsync"/> stores.</summary>
    public const string Event =
        """{"version": "2018-10-16", "labelingJobArn": "arn:job", "labelAttributeName": "pose",""" +
        """ "payload": {"s3Uri": "s3://gtpose-bench/payload.json"}}""";

    /// <summary>A simulated batch as Ground Truth writes it, stored in moto_server; returns the local file.</summary>
    public static async Task<string> PutPayloadAsync(MotoServer moto, int objects, int workers, int skeletons)
    {
        var file = Path.Combine(Path.GetTempPath(), $"gtpose-payload-{objects}x{workers}x{skeletons}.json");
        if (!File.Exists(file)) BatchRun.Prepare(objects, workers, skeletons, file);
        await moto.CreateBucketAsync("gtpose-bench");
        using var s3 = moto.CreateClient();
        await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = "gtpose-bench",
            Key = "payload.json",
            FilePath = file,
        });
        return file;
    }

    public static async Task<int> Run(string publishDir, int objects, int workers, int skeletons, int runs)
    {
        using var moto = new MotoServer();
        var file = await PutPayloadAsync(moto, objects, workers, skeletons);
        var evt = Event;
        using var api = new FakeRuntimeApi { Timeout = TimeSpan.FromMinutes(15) };
        var bootstrap = Path.Combine(Path.GetFullPath(publishDir), "bootstrap");
        var start = new ProcessStartInfo("taskset", ["-c", "0", bootstrap])
        {
            WorkingDirectory = Path.GetDirectoryName(bootstrap)!,
        };
        using var function = new FunctionProcess(start, api.Address, moto.Environment);
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(
            c,
            $"published bootstrap on core 0, moto_server on core 1: {objects} objects x {workers} workers x " +
            $"{skeletons} skeletons, payload {new FileInfo(file).Length:N0} bytes"));
        for (var r = 0; r < runs; r++)
        {
            var sent = Stopwatch.GetTimestamp();
            var id = api.Enqueue(evt);
            if (!await api.WaitForAsync(id, TimeSpan.FromMinutes(5))
                || !api.Responses.TryGetValue(id, out var response))
                throw new InvalidOperationException(
                    $"no response: {(api.Errors.TryGetValue(id, out var e)
                        ? e.Body
                        : string.Join("\n", function.Output))}");
            Console.WriteLine(string.Create(
                c,
                $"  invocation {r + 1}{(r == 0 ? " (cold process)" : "")}: " +
                $"{Stopwatch.GetElapsedTime(sent, api.Arrivals[id]).TotalMilliseconds:F0} ms, " +
                $"response {response.Length:N0} chars, SHA-256 {Digest(response)}"));
        }
        Console.WriteLine(string.Create(
            c,
            $"  peak RSS of the function process: {function.PeakWorkingSet / 1048576.0:F0} MB"));
        string[] shown = ["batch consolidated: ", "response written: ", "heap: "];
        foreach (var line in function.Output.Order(StringComparer.Ordinal))
            foreach (var what in shown)
            {
                var at = line.IndexOf(what, StringComparison.Ordinal);
                if (at >= 0) Console.WriteLine($"  function log (any order): {line[at..].TrimEnd('"', '}')}");
            }
        return 0;
    }

    // Shows at a glance whether a build meant to be faster also changed a label.
    private static string Digest(string response) => Convert.ToHexString(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(response)))[..16];
}
