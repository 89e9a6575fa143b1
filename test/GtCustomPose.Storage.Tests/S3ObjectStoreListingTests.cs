using System.Text;
using GtCustomPose.Core.Storage;
using GtCustomPose.Testing;

namespace GtCustomPose.Storage.Tests;

public sealed class S3ObjectStoreListingTests : IDisposable
{
    private readonly MotoServer _moto = new();

    [Fact]
    public async Task ListAsync_MoreKeysThanAPage_YieldsEveryKeyOnceInKeyOrder()
    {
        await _moto.CreateBucketAsync("paged");
        var keys = Enumerable.Range(0, 25).Select(i => $"p/{i}/answer.json").ToList();
        foreach (var key in keys) await _moto.PutAsync("paged", key, "{}");
        await _moto.PutAsync("paged", "q/outside.json", "{}");
        var store = new S3ObjectStore(_moto.CreateClient()) { ListPageSize = 4 };

        var listed = await ToListAsync(store.ListAsync("paged", "p/"));

        listed.Should().Equal(keys.Order(StringComparer.Ordinal).Select(k => new S3Uri("paged", k)));
    }

    [Theory]
    [InlineData("job/w/iteration-1/")]
    [InlineData("job/w/iteration-1/1")]
    [InlineData("job/w")]
    [InlineData("")]
    public async Task ListAsync_Prefix_SameKeysAndOrderAsS3AndTheLocalFolder(string prefix)
    {
        await _moto.CreateBucketAsync("order");
        using var folder = new TempFolder("gtpose-list");
        var local = new LocalFolderStore(folder);
        var s3 = new S3ObjectStore(_moto.CreateClient()) { ListPageSize = 3 };
        foreach (var key in ListingKeys.Unordered)
        {
            await s3.WriteAsync(new S3Uri("order", key), "{}"u8.ToArray(), "application/json");
            await local.WriteAsync(new S3Uri("order", key), "{}"u8.ToArray(), "application/json");
        }

        var fromS3 = (await ToListAsync(s3.ListAsync("order", prefix))).Select(u => u.Key).ToList();
        var fromFolder = (await ToListAsync(local.ListAsync("order", prefix))).Select(u => u.Key).ToList();

        fromS3.Should().Equal(ListingKeys.Expected(prefix));
        fromFolder.Should().Equal(fromS3);
    }

    [Fact]
    public async Task ListAsync_MissingBucket_ThrowsNamingThePrefixAndNoSuchBucket()
    {
        var store = _moto.CreateStore();
        var act = async () => await ToListAsync(store.ListAsync("no-such-bucket", "a/"));
        var e = (await act.Should().ThrowAsync<ObjectStoreException>()).Which;
        e.Uri.Should().Be("s3://no-such-bucket/a/");
        e.Reason.Should().Contain("NoSuchBucket");
    }

    [Fact]
    public async Task WriteAsync_FromAStream_StoresItsBytesFromItsPosition()
    {
        await _moto.CreateBucketAsync("streamed");
        IObjectStore store = _moto.CreateStore();
        var body = Encoding.UTF8.GetBytes(
            string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{{\"line\": {i}}}\n")));
        using var content = new MemoryStream(body);

        await store.WriteAsync(S3Uri.Parse("s3://streamed/out/L1r.manifest"), content, "application/jsonlines");

        await using var read = await store.OpenReadAsync(S3Uri.Parse("s3://streamed/out/L1r.manifest"));
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        copy.ToArray().Should().Equal(body);
    }

    private static async Task<List<S3Uri>> ToListAsync(IAsyncEnumerable<S3Uri> items)
    {
        var list = new List<S3Uri>();
        await foreach (var item in items) list.Add(item);
        return list;
    }

    public void Dispose() => _moto.Dispose();
}
