using System.Text;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Testing;

namespace GtCustomPose.Core.Tests.Jobs;

public class ShardReadsTests
{
    private static readonly JobOutputLayout Layout = JobOutputLayout.Parse("s3://labels/out/level1-job/");
    private static readonly JobShard Shard = new(0, 0, 20);

    private static async Task<(InMemoryStore Store, byte[] Manifest)> JobAsync()
    {
        var store = new InMemoryStore();
        var job = await SimulatedJob.WriteAsync(
            store, Layout, 20, new SimulationSettings { WorkersPerObject = 3, WorkforceSize = 8 }, seed: 4);
        return (store, Encoding.UTF8.GetBytes(job.Manifest));
    }

    // The statistics pass and the labels pass each with a reconsolidator of its own, as two invocations run them.
    private static async Task<ShardReads> StatisticsAsync(InMemoryStore store)
    {
        var reads = new ShardReads(Shard.Shard);
        await new JobReconsolidator(store, Layout, Rig.Coco17).EstimateShardAsync(Shard, reads);
        // Through its document, as the labels step gets it.
        return ShardReads.From(reads.ToDocument());
    }

    private static Task LabelsAsync(InMemoryStore store, byte[] manifest, ShardReads reads)
    {
        var labels = new JobReconsolidator(store, Layout, Rig.Coco17);
        return labels.WriteLabelsAsync(
            new MemoryStream(manifest), Consolidation.ConsolidationOptions.Default, Stream.Null, Stream.Null,
            Shard.FirstLine, Shard.LineCount, reads);
    }

    [Fact]
    public async Task WriteLabelsAsync_SameFiles_Passes()
    {
        var (store, manifest) = await JobAsync();
        var reads = await StatisticsAsync(store);

        var result = await new JobReconsolidator(store, Layout, Rig.Coco17).WriteLabelsAsync(
            new MemoryStream(manifest), Consolidation.ConsolidationOptions.Default, Stream.Null, Stream.Null,
            Shard.FirstLine, Shard.LineCount, reads);

        reads.Files.Should().Be(60);
        result.Objects.Should().Be(20);
    }

    [Fact]
    public async Task WriteLabelsAsync_OneFileGoneAfterTheStatistics_ThrowsNamingTheShardObjectAndFile()
    {
        var (store, manifest) = await JobAsync();
        var reads = await StatisticsAsync(store);
        var gone = store.Objects.Keys.Where(k => k.Contains("/iteration-1/11/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).First();
        store.Objects.TryRemove(gone, out _);

        var labels = () => LabelsAsync(store, manifest, reads);

        (await labels.Should().ThrowAsync<JobStepException>()).Which.Message.Should().StartWith(
            $"labels shard 0: object 11: {gone}: read in the statistics pass (");
    }

    [Fact]
    public void Fingerprint_SameFilesInAnyOrder_Equal()
    {
        ResponseFileRead a = new("s3://b/k/1/a.json", 10, "sha256:aa"), b = new("s3://b/k/2/b.json", 0,
            "unreadable: NoSuchKey");
        var one = new ShardReads(3);
        one.Record(new ObjectResponses("1", [], 1) { Reads = [a] });
        one.Record(new ObjectResponses("2", [], 1) { Reads = [b] });
        var two = new ShardReads(3);
        two.Record(new ObjectResponses("2", [], 1) { Reads = [b] });
        two.Record(new ObjectResponses("1", [], 1) { Reads = [a] });
        var other = new ShardReads(3);
        other.Record(new ObjectResponses("1", [], 1) { Reads = [a with { Bytes = 11 }] });
        other.Record(new ObjectResponses("2", [], 1) { Reads = [b] });

        one.Fingerprint().Should().Be(two.Fingerprint()).And.NotBe(other.Fingerprint());
    }

    [Fact]
    public void From_DocumentWhoseFilesDoNotMatchItsFingerprint_ThrowsSayingSo()
    {
        var reads = new ShardReads(0);
        reads.Record(new ObjectResponses("1", [], 1) { Reads = [new("s3://b/k/1/a.json", 10, "sha256:aa")] });
        var document = reads.ToDocument();
        document.Objects["1"][0] = document.Objects["1"][0] with { Content = "sha256:bb" };

        var load = () => ShardReads.From(document);

        load.Should().Throw<FormatException>().WithMessage("'files' and 'fingerprint' say 1 files (*");
    }
}
