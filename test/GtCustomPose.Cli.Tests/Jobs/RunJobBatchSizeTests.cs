using System.Text.Json;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Jobs;

/// <summary>--batch-size N: consolidation requests of 10 objects first, then of up to N, as Ground Truth sends
/// them.</summary>
public sealed class RunJobBatchSizeTests : IDisposable
{
    private readonly TempFolder _dir = new("gtpose-batches");

    private async Task<(List<int> Requests, List<int> Summary)> RunAsync(params string[] extra)
    {
        var (code, _, err) = await Gtpose.RunAsync(["run-job", "--sample", "--sample-size", "25", "--simulate-workers",
            "2", "--out", _dir, .. extra]);
        code.Should().Be(0, err);
        var folder = Path.Combine(_dir, "store", "gtpose-local", "gtpose-local-job", "annotations",
            "consolidated-annotation", "consolidation-request", "iteration-1");
        var requests = Directory.GetFiles(folder).Order(StringComparer.Ordinal)
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetArrayLength()).ToList();
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "summary.json"))).RootElement
            .GetProperty("consolidation_batches").EnumerateArray().Select(e => e.GetInt32()).ToList();
        return (requests, summary);
    }

    [Fact]
    public async Task RunJob_BatchSize7_RequestsOf10Then7()
    {
        var (requests, summary) = await RunAsync("--batch-size", "7");
        requests.Should().Equal(10, 7, 7, 1);
        summary.Should().Equal(requests);
        File.ReadAllLines(Path.Combine(_dir, "output.manifest")).Should().HaveCount(25,
            "every object is labeled whatever the cut");
    }

    [Fact]
    public async Task RunJob_DefaultBatchSize_RequestsOf10ThenTheRest()
    {
        var (requests, _) = await RunAsync();
        requests.Should().Equal(10, 15);
    }

    public void Dispose() => _dir.Dispose();
}
