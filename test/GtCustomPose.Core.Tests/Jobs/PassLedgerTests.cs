using System.Text;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;
using GtCustomPose.Simulation;
using GtCustomPose.Testing;

namespace GtCustomPose.Core.Tests.Jobs;

/// <summary>Both passes in one process (<see cref="JobReconsolidator.RunAsync"/>): the labels pass must read the
/// files the statistics pass read.</summary>
public class PassLedgerTests
{
    private static readonly JobOutputLayout Layout = JobOutputLayout.Parse("s3://labels/out/level1-job/");

    // The manifest is opened between the passes: the change happens there.
    private static async Task<Func<Task>> RunChangingAsync(Action<InMemoryStore, string> change)
    {
        var store = new InMemoryStore();
        var job = await SimulatedJob.WriteAsync(
            store, Layout, 12, new SimulationSettings { WorkersPerObject = 3, WorkforceSize = 6 }, seed: 2);
        var file = store.Objects.Keys.Where(k => k.Contains("/iteration-1/5/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).First();
        return () => new JobReconsolidator(store, Layout, Rig.Coco17).RunAsync(
            _ =>
            {
                change(store, file);
                return Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(job.Manifest)));
            },
            Stream.Null,
            Stream.Null);
    }

    private static byte[] OtherAnswer() =>
        WorkerResponseFile.Create("w-late", "{}", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task RunAsync_FilesUnchanged_Passes()
    {
        var run = await RunChangingAsync((store, file) => store.Objects[file] = [.. store.Objects[file]]);
        await run.Should().NotThrowAsync();
    }

    [Fact]
    public async Task RunAsync_FileReplacedBetweenThePasses_ThrowsNamingTheObject()
    {
        var run = await RunChangingAsync((store, file) => store.Objects[file] = OtherAnswer());

        (await run.Should().ThrowAsync<ObjectStoreException>()).Which.Message.Should().Contain(
            "object 5: the bytes of its 3 response files differ from the statistics pass's (a file replaced)");
    }

    [Fact]
    public async Task RunAsync_FileGoneBetweenThePasses_ThrowsNamingTheObject()
    {
        var run = await RunChangingAsync((store, file) => store.Objects.TryRemove(file, out _));

        (await run.Should().ThrowAsync<ObjectStoreException>()).Which.Message.Should().Contain(
            "object 5 has 2 response files in the labels pass and had 3 in the statistics pass");
    }
}
