using System.Text.Json;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Simulation;
using GtCustomPose.Core.Storage;
using GtCustomPose.Storage;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Workflow;

public sealed class ReconsolidateCommandTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-reconsolidate");
    private static readonly SimulationSettings Crowd = new() { WorkersPerObject = 3, WorkforceSize = 10 };

    [Fact]
    public async Task Reconsolidate_LocalStore_WritesEveryLineAndPrintsTheSummary()
    {
        var store = new LocalFolderStore(Path.Combine(_dir, "store"));
        var job = await SimulatedJob.WriteAsync(
            store, JobOutputLayout.Parse("s3://out/level1/job-a/"), 25, Crowd, keepFromWorkers: i => i == 7);
        var manifest = Path.Combine(_dir, "L1.manifest");
        await File.WriteAllTextAsync(manifest, job.Manifest);
        var output = Path.Combine(_dir, "L1r.manifest");

        var (code, stdout, stderr) = await Gtpose.RunAsync(
            "workflow", "reconsolidate", "--manifest", manifest, "--job-output", "s3://out/level1/job-a/",
            "--label-attribute", "pose", "--out", output, "--store", Path.Combine(_dir, "store"));

        code.Should().Be(0, stderr);
        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        lines.Should().HaveCount(25);
        lines.Count(l => l.TryGetProperty("pose", out _)).Should().Be(24);
        var failure = JsonDocument.Parse(File.ReadAllLines(output + ".failures.jsonl").Single()).RootElement;
        failure.GetProperty("line").GetInt32().Should().Be(8);
        stdout.Should().Contain("Job 'job-a' re-consolidated").And.Contain("labeled            24 (1 without a label");
        stderr.Should().Contain("job statistics from 24 objects");
    }

    [Fact]
    public async Task Reconsolidate_AgainstMotoServer_ReadsAndWritesS3()
    {
        using var moto = new MotoServer();
        await moto.CreateBucketAsync("labels");
        IObjectStore store = moto.CreateStore();
        var job = await SimulatedJob.WriteAsync(store, JobOutputLayout.Parse("s3://labels/out/job-b/"), 12, Crowd);
        await store.WriteAsync(
            S3Uri.Parse("s3://labels/in/L1.manifest"),
            System.Text.Encoding.UTF8.GetBytes(job.Manifest),
            "application/jsonlines");

        var (code, _, stderr) = await Gtpose.RunAsync(
            moto.Environment, "workflow", "reconsolidate", "--manifest", "s3://labels/in/L1.manifest",
            "--job-output", "s3://labels/out/job-b", "--out", "s3://labels/out/L1r.manifest");

        code.Should().Be(0, stderr);
        await using var read = await store.OpenReadAsync(S3Uri.Parse("s3://labels/out/L1r.manifest"));
        var lines = (await new StreamReader(read).ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(12).And.OnlyContain(l => l.Contains("\"pose\":", StringComparison.Ordinal));
        await using var failures =
            await store.OpenReadAsync(S3Uri.Parse("s3://labels/out/L1r.manifest.failures.jsonl"));
        (await new StreamReader(failures).ReadToEndAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("--job-output", "not-a-uri", "is not s3://bucket/prefix/job-name/")]
    [InlineData("--review-min-confidence", "1.5", "--review-min-confidence takes a number from 0 to 1, not 1.5")]
    public async Task Reconsolidate_BadOption_ExitsTwoWithOneLine(string option, string value, string message)
    {
        var args = new List<string>
        {
            "workflow", "reconsolidate", "--manifest", "m", "--job-output", "s3://b/j/",
            "--out", Path.Combine(_dir, "o"),
        };
        var at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value;
        else args.AddRange([option, value]);

        var (code, _, stderr) = await Gtpose.RunAsync([.. args]);

        code.Should().Be(2);
        stderr.Trim().Should().Contain("reconsolidate: ").And.Contain(message)
            .And.NotContain("   at ").And.NotContain("\n");
    }

    [Fact]
    public async Task Reconsolidate_MissingManifest_ExitsOneNamingIt()
    {
        var (code, _, stderr) = await Gtpose.RunAsync(
            "workflow", "reconsolidate", "--manifest", Path.Combine(_dir, "none.manifest"),
            "--job-output", "s3://b/j/", "--out", Path.Combine(_dir, "o.manifest"), "--store", _dir);
        code.Should().Be(1);
        stderr.Should().Contain("none.manifest").And.NotContain("   at ");
    }

    public void Dispose() => _dir.Dispose();
}
