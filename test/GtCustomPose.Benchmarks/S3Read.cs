using System.Diagnostics;
using System.Globalization;
using GtCustomPose.Testing;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// What reading a payload through AWSSDK.S3 costs by itself: the store's read from moto_server, the body copied to
/// nowhere, with the SDK checking MD5 and CRC32 and without (what the function does by default). Prints wall time and
/// this process's CPU time per read.
/// </summary>
internal static class S3Read
{
    public static async Task<int> Run(string file, int runs)
    {
        using var moto = new MotoServer();
        await moto.CreateBucketAsync("gtpose-bench");
        using (var s3 = moto.CreateClient())
            await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
            {
                BucketName = "gtpose-bench",
                Key = "payload.json",
                FilePath = file,
            });
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"GetObject of {new FileInfo(file).Length:N0} bytes from moto_server, " +
            $"cores available: {Environment.ProcessorCount}"));
        for (var r = 0; r < runs; r++)
        {
            foreach (var verify in new[] { true, false })
            {
                var store = GtCustomPose.Storage.S3ObjectStore.Create(
                    moto.Endpoint,
                    MotoServer.Credentials,
                    verifyChecksums: verify);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                await using (var body = await store.OpenReadAsync(
                    GtCustomPose.Core.Storage.S3Uri.Parse(BenchRequest.PayloadUri)))
                    await body.CopyToAsync(Stream.Null, 1 << 20);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  S3ObjectStore, verifyChecksums: {verify,-5}  wall {clock.Elapsed.TotalMilliseconds,5:F0} ms, " +
                    $"CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds,5:F0} ms"));
            }
        }
        return 0;
    }
}
