using System.Text.Json;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Workflow;

/// <summary>
/// The target of issue 13: a job's re-consolidated labels do not depend on how its batches were cut.
/// </summary>
public sealed class ReconsolidateRunJobTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-recut");

    private async Task<(List<string> Original, List<string> Reconsolidated)> JobAsync(int batchSize)
    {
        var outDir = Path.Combine(_dir, $"batch-{batchSize}");
        var (code, _, err) = await Gtpose.RunAsync(
            "run-job", "--sample", "--sample-size", "40", "--simulate-workers", "5", "--seed", "3",
            "--batch-size", batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", outDir);
        code.Should().Be(0, err);
        var output = Path.Combine(outDir, "L1r.manifest");
        (code, _, err) = await Gtpose.RunAsync(
            "workflow", "reconsolidate", "--manifest", Path.Combine(outDir, "input.manifest"),
            "--job-output", "s3://gtpose-local/gtpose-local-job/", "--store", Path.Combine(outDir, "store"),
            "--out", output);
        code.Should().Be(0, err);
        return (Labels(Path.Combine(outDir, "output.manifest")), Labels(output));
    }

    private static List<string> Labels(string manifest) =>
        File.ReadAllLines(manifest)
            .Select(l => JsonDocument.Parse(l).RootElement.TryGetProperty("pose", out var p) ? p.GetRawText() : "")
            .ToList();

    [Fact]
    public async Task RunJobThenReconsolidate_BatchesOf10And1000_SameLabelsAndVerdicts()
    {
        var small = await JobAsync(10);
        var large = await JobAsync(1000);

        small.Reconsolidated.Should().HaveCount(40).And.OnlyContain(l => l.Length > 0);
        small.Reconsolidated.Should().Equal(large.Reconsolidated);
    }

    public void Dispose() => _dir.Dispose();
}
