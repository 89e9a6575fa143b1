using System.Text;
using GtCustomPose.Core.Storage;
using GtCustomPose.Storage;
using GtCustomPose.Testing;

namespace GtCustomPose.Storage.Tests;

public sealed class S3ObjectStoreTests : IDisposable
{
    private readonly MotoServer _moto = new();

    [Fact]
    public async Task WriteThenRead_RoundTripsBytesExactly()
    {
        await _moto.CreateBucketAsync("gtpose-bucket");
        var store = _moto.CreateStore();
        var body = Encoding.UTF8.GetBytes("{\"ü\": [1, 2, 3]}\n");
        await store.WriteAsync(S3Uri.Parse("s3://gtpose-bucket/deep/key with space.json"), body, "application/json");
        await using var read = await store.OpenReadAsync(S3Uri.Parse("s3://gtpose-bucket/deep/key with space.json"));
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        copy.ToArray().Should().Equal(body);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3_000_000)]
    public async Task OpenRead_WithoutChecksums_ReadsWholeObjectsIncludingEmptyOnes(int length)
    {
        await _moto.CreateBucketAsync("gtpose-bucket-3");
        var body = new byte[length];
        new Random(length).NextBytes(body);
        var uri = S3Uri.Parse($"s3://gtpose-bucket-3/{length}.bin");
        await _moto.CreateStore().WriteAsync(uri, body, "application/octet-stream");
        var store = S3ObjectStore.Create(_moto.Endpoint, MotoServer.Credentials, verifyChecksums: false);
        await using var read = await store.OpenReadAsync(uri);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        copy.ToArray().Should().Equal(body);
    }

    [Fact]
    public async Task OpenRead_MissingKey_ThrowsNamingUriAndNoSuchKey()
    {
        await _moto.CreateBucketAsync("gtpose-bucket-2");
        var act = () => _moto.CreateStore().OpenReadAsync(S3Uri.Parse("s3://gtpose-bucket-2/none.json"));
        var e = (await act.Should().ThrowAsync<ObjectStoreException>()).Which;
        e.Uri.Should().Be("s3://gtpose-bucket-2/none.json");
        e.Reason.Should().Contain("NoSuchKey");
    }

    [Fact]
    public async Task OpenRead_MissingBucket_ThrowsNamingTheCause()
    {
        var act = () => _moto.CreateStore().OpenReadAsync(S3Uri.Parse("s3://no-such-bucket/k"));
        (await act.Should().ThrowAsync<ObjectStoreException>()).Which.Reason.Should().Contain("NoSuchBucket");
    }

    [Fact]
    public async Task OpenRead_ServerDown_ThrowsObjectStoreException()
    {
        var store = new S3ObjectStore(S3ObjectStore.CreateClient(
            $"http://127.0.0.1:{FreePort.Next()}", MotoServer.Credentials, maxErrorRetry: 0));
        var act = () => store.OpenReadAsync(S3Uri.Parse("s3://b/k"));
        await act.Should().ThrowAsync<ObjectStoreException>();
    }

    public void Dispose() => _moto.Dispose();
}
