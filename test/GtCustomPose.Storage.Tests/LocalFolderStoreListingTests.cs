using GtCustomPose.Core.Storage;
using GtCustomPose.Testing;

namespace GtCustomPose.Storage.Tests;

public sealed class LocalFolderStoreListingTests : IDisposable
{
    private readonly TempFolder _root = new("gtpose-list");

    [Fact]
    public async Task ListAsync_NestedFolders_YieldsKeysInS3Order()
    {
        var store = await FilledAsync();
        var listed = await KeysAsync(store, "job/");
        listed.Should().Equal(ListingKeys.Expected("job/"));
        listed.Should().ContainInOrder(
            "job/w/iteration-1/1-x/c.json", "job/w/iteration-1/1.json", "job/w/iteration-1/1/a.json",
            "job/w/iteration-1/10/a.json");
    }

    [Fact]
    public async Task ListAsync_PrefixEndingInsideAName_MatchesFilesAndFoldersStartingWithIt()
    {
        var store = await FilledAsync();
        (await KeysAsync(store, "job/w/iteration-1/1")).Should().Equal(
            "job/w/iteration-1/1-x/c.json", "job/w/iteration-1/1.json", "job/w/iteration-1/1/a.json",
            "job/w/iteration-1/1/b.json", "job/w/iteration-1/10/a.json");
    }

    [Fact]
    public async Task ListAsync_MissingFolderOrBucket_YieldsNothing()
    {
        var store = await FilledAsync();
        (await KeysAsync(store, "job/none/")).Should().BeEmpty();
        var list = new List<S3Uri>();
        await foreach (var u in store.ListAsync("no-bucket", "")) list.Add(u);
        list.Should().BeEmpty();
    }

    [Theory]
    [InlineData("../")]
    [InlineData("job/../../")]
    public async Task ListAsync_PrefixLeavingTheFolder_IsRefused(string prefix)
    {
        var store = await FilledAsync();
        var act = async () => await KeysAsync(store, prefix);
        (await act.Should().ThrowAsync<ObjectStoreException>()).Which.Reason.Should().Contain("leaves");
    }

    [Fact]
    public async Task WriteAsync_FromAStream_WritesTheFile()
    {
        IObjectStore store = new LocalFolderStore(_root);
        using var content = new MemoryStream("a\nb\n"u8.ToArray());
        await store.WriteAsync(S3Uri.Parse("s3://bucket/out/x.manifest"), content, "application/jsonlines");
        (await File.ReadAllTextAsync(Path.Combine(_root, "bucket", "out", "x.manifest"))).Should().Be("a\nb\n");
    }

    private async Task<LocalFolderStore> FilledAsync()
    {
        var store = new LocalFolderStore(_root);
        foreach (var key in ListingKeys.Unordered)
        {
            await store.WriteAsync(new S3Uri("bucket", key), "{}"u8.ToArray(), "application/json");
        }
        return store;
    }

    private static async Task<List<string>> KeysAsync(LocalFolderStore store, string prefix)
    {
        var keys = new List<string>();
        await foreach (var u in store.ListAsync("bucket", prefix)) keys.Add(u.Key);
        return keys;
    }

    public void Dispose() => _root.Dispose();
}
