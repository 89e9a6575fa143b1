using System.Diagnostics;
using System.Globalization;
using Amazon.S3;
using GtCustomPose.Testing;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// What reading a payload through AWSSDK.S3 costs by itself: GetObject from moto_server and a copy of the body, with the
/// SDK's default response checksum validation and with it off. Prints wall time and this process's CPU time per read.
/// </summary>
internal static class S3Read
{
    public static async Task<int> Run(string file, int runs)
    {
        using var moto = new MotoServer();
        await moto.CreateBucketAsync("gtpose-bench");
        using (var s3 = moto.CreateClient())
            await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = "gtpose-bench", Key = "payload.json", FilePath = file });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GetObject of {new FileInfo(file).Length:N0} bytes from moto_server, cores available: {Environment.ProcessorCount}"));
        for (var r = 0; r < runs; r++)
        {
            foreach (var validation in new[] { Amazon.Runtime.ResponseChecksumValidation.WHEN_SUPPORTED, Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED })
            {
                var config = new AmazonS3Config { ServiceURL = moto.Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1", ResponseChecksumValidation = validation };
                using var s3 = new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials("test", "test"), config);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                using var response = await s3.GetObjectAsync("gtpose-bench", "payload.json");
                using var copy = new MemoryStream();
                await response.ResponseStream.CopyToAsync(copy, 1 << 20);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  checksum validation {validation,-14} wall {clock.Elapsed.TotalMilliseconds,5:F0} ms, CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds,5:F0} ms"));
            }
        }
        return 0;
    }
}
