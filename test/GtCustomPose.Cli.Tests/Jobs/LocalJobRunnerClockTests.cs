using System.Text.Json;
using GtCustomPose.Cli.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Storage;
using GtCustomPose.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GtCustomPose.Cli.Tests.Jobs;

/// <summary>A local job reads its clock once, through <see cref="JobOptions.Time"/>.</summary>
public sealed class LocalJobRunnerClockTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 1, 2, 3, TimeSpan.Zero);
    private readonly TempFolder _dir = new("gtpose-clock");

    [Fact]
    public async Task RunAsync_FixedClock_LabelsAndWorkerResponsesDatedByIt()
    {
        var store = new LocalFolderStore(Path.Combine(_dir, "store"));
        var manifest = Path.Combine(_dir, "input.manifest");
        await File.WriteAllLinesAsync(
            manifest, await SampleData.CreateAsync(store, Rig.Coco17, 2, seed: 7, CancellationToken.None));
        var options = new JobOptions
        {
            Manifest = manifest,
            OutDir = _dir,
            Rig = Rig.Coco17,
            Store = store,
            GrantReadAccess = uri => uri,
            SimulateWorkers = 3,
            TemplateFile = Repo.PathOf("template", "pose-skeleton.liquid.html"),
            Time = new FakeTimeProvider(Start),
        };

        await new LocalJobRunner(options, TextWriter.Null).RunAsync(CancellationToken.None);

        File.ReadAllLines(Path.Combine(_dir, "output.manifest"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("pose-metadata")
                .GetProperty("creation-date").GetString())
            .Should().Equal("2026-12-07T01:02:03.000000", "2026-12-07T01:02:03.000000");
        var responses = Path.Combine(
            _dir, "store", "gtpose-local", "gtpose-local-job", "annotations", "worker-response", "iteration-1", "0");
        Directory.GetFiles(responses).Select(Path.GetFileName).Order(StringComparer.Ordinal).Should().Equal(
            "2026-12-07_01:02:04.json", "2026-12-07_01:02:05.json", "2026-12-07_01:02:06.json");
    }

    public void Dispose() => _dir.Dispose();
}
