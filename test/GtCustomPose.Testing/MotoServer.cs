using System.Diagnostics;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using GtCustomPose.Storage;

namespace GtCustomPose.Testing;

/// <summary>
/// A real S3 protocol server (moto_server) on a free port of 127.0.0.1, started for the tests that need it and
/// stopped with the fixture. Share one per test class through xunit's IClassFixture.
/// </summary>
public sealed class MotoServer : IDisposable
{
    private readonly Process _process;

    public MotoServer()
    {
        Port = FreePort.Next();
        string[] args = ["-H", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        // Benchmarks pin the measured process to one core and the server to another (GTPOSE_MOTO_CPU=1).
        var cpu = System.Environment.GetEnvironmentVariable("GTPOSE_MOTO_CPU");
        var start = new ProcessStartInfo(
            cpu is null ? "moto_server" : "taskset",
            cpu is null ? args : ["-c", cpu, "moto_server", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("moto_server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient("127.0.0.1", Port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < until && !_process.HasExited)
            {
                Thread.Sleep(100);
            }
        }
        if (_process.HasExited) throw new InvalidOperationException($"moto_server exited with {_process.ExitCode}");
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Credentials moto accepts.</summary>
    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials("testing", "testing");

    /// <summary>Environment for a child process that should use this server.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL_S3"] = Endpoint,
        ["AWS_ACCESS_KEY_ID"] = "testing",
        ["AWS_SECRET_ACCESS_KEY"] = "testing",
        ["AWS_REGION"] = "us-east-1",
    };

    public AmazonS3Client CreateClient(int? maxErrorRetry = null) =>
        S3ObjectStore.CreateClient(Endpoint, Credentials, maxErrorRetry);

    public S3ObjectStore CreateStore() => new(CreateClient());

    public async Task CreateBucketAsync(string bucket)
    {
        using var s3 = CreateClient();
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
    }

    public async Task PutAsync(string bucket, string key, string body)
    {
        using var s3 = CreateClient();
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = body });
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        _process.WaitForExit(5000);
        _process.Dispose();
    }
}
