using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
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
public sealed partial class MotoServer : IDisposable
{
    private readonly Process _process;

    public MotoServer()
    {
        // Port 0 lets the server bind a port itself and print it: a port picked here and handed over would stay
        // free for the second Python takes to start, long enough for another test assembly to take it.
        string[] args = ["-H", "127.0.0.1", "-p", "0"];
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
        var bound = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                bound.TrySetException(new InvalidOperationException("moto_server exited before it listened"));
                return;
            }
            var m = Listening().Match(e.Data);
            if (m.Success) bound.TrySetResult(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("moto_server did not start");
        _process.OutputDataReceived += Read;
        _process.ErrorDataReceived += Read;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!bound.Task.Wait(TimeSpan.FromSeconds(60)))
        {
            Dispose();
            throw new InvalidOperationException("moto_server did not say which port it listens on within 60 s");
        }
        Port = bound.Task.Result;
        using var probe = new TcpClient("127.0.0.1", Port);
    }

    [GeneratedRegex(@"Running on http://127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();

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
