using System.Text;
using System.Text.RegularExpressions;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Simulation;
using GtCustomPose.Core.Storage;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Workflow;

/// <summary><c>gtpose workflow reconsolidate</c> through a proxy that injects S3 faults in front of
/// moto_server.</summary>
public sealed partial class ReconsolidateFaultTests : IAsyncLifetime
{
    private const string Output = "s3://labels/out/L1r.manifest";
    private readonly MotoServer _moto = new();
    private FaultProxy _proxy = null!;
    private IObjectStore _direct = null!;

    public async Task InitializeAsync()
    {
        _proxy = new FaultProxy(_moto.Endpoint);
        await _moto.CreateBucketAsync("labels");
        _direct = _moto.CreateStore();
        var job = await SimulatedJob.WriteAsync(
            _direct, JobOutputLayout.Parse("s3://labels/out/job/"), 30,
            new SimulationSettings { WorkersPerObject = 3, WorkforceSize = 10 }, seed: 3);
        await _direct.WriteAsync(
            S3Uri.Parse("s3://labels/in/L1.manifest"), Encoding.UTF8.GetBytes(job.Manifest), "application/jsonlines");
    }

    private Task<(int Code, string Out, string Err)> RunAsync(string endpoint, string budgetSeconds) =>
        Gtpose.RunAsync(
            new Dictionary<string, string>(_moto.Environment)
            {
                ["AWS_ENDPOINT_URL_S3"] = endpoint,
                ["GTPOSE_S3_RETRY_SECONDS"] = budgetSeconds,
                ["AWS_MAX_ATTEMPTS"] = "1",
            },
            "workflow", "reconsolidate", "--manifest", "s3://labels/in/L1.manifest",
            "--job-output", "s3://labels/out/job/", "--out", Output);

    // Each run writes its own creation date.
    private async Task<string> OutputAsync()
    {
        await using var s = await _direct.OpenReadAsync(S3Uri.Parse(Output));
        return CreationDate().Replace(await new StreamReader(s).ReadToEndAsync(), "");
    }

    [Fact]
    public async Task Reconsolidate_ThrottledDroppedAndCut_TheFaultFreeManifestAndHonestCounts()
    {
        var clean = await RunAsync(_moto.Endpoint, "20");
        clean.Code.Should().Be(0, clean.Err);
        var expected = await OutputAsync();
        _proxy.Inject = FaultProxy.Random(
            5, "", 3_000, (0.20, Fault.SlowDown), (0.05, new Fault.Reset()), (0.03, new Fault.TruncatedBody()));

        var (code, stdout, stderr) = await RunAsync(_proxy.Endpoint, "20");

        code.Should().Be(0, stderr);
        (await OutputAsync()).Should().Be(expected);
        stdout.Should().Contain("answers            90 from 90 response files, 0 of them lost")
            .And.MatchRegex(@"S3 requests +[1-9]\d* \(.*SlowDown \d+.*\) retried, 0 given up");
        _proxy.LimitReached.Should().BeFalse();
        // The team's report says the same, from the counts saved beside the manifest.
        var page = Path.Combine(Path.GetTempPath(), $"gtpose-report-{Guid.NewGuid():N}.html");
        try
        {
            var report = await Gtpose.RunAsync(_moto.Environment, "report", "--manifest", Output, "--out", page);
            report.Code.Should().Be(0, report.Err);
            System.Net.WebUtility.HtmlDecode(await File.ReadAllTextAsync(page)).Should().MatchRegex(
                @"Answers: 90 listed, 90 read, no answers lost; S3 requests: [1-9]\d* retried \(.*SlowDown \d+.*\), " +
                "0 given up");
        }
        finally { File.Delete(page); }
    }

    [Fact]
    public async Task Reconsolidate_ThrottledBeyondTheBudget_ExitsOneNamingTheObjectAndWritesNoManifest()
    {
        _proxy.Inject = (method, path) => method == "GET" && path.Contains("worker-response/", StringComparison.Ordinal)
            && !path.Contains("list-type", StringComparison.Ordinal) ? Fault.SlowDown : null;

        var (code, stdout, stderr) = await RunAsync(_proxy.Endpoint, "1");

        code.Should().Be(1, stdout);
        stderr.Should().MatchRegex(@"reconsolidate: s3://labels/out/job/annotations/worker-response/\S+: SlowDown")
            .And.Contain("retry budget");
        var listed = new List<string>();
        await foreach (var uri in _direct.ListAsync("labels", "out/L1r")) listed.Add(uri.Key);
        listed.Should().BeEmpty("no output is left as if complete");
    }

    public Task DisposeAsync()
    {
        _proxy.Dispose();
        _moto.Dispose();
        return Task.CompletedTask;
    }

    [GeneratedRegex("\"creation-date\":\"[^\"]*\"")]
    private static partial Regex CreationDate();
}
