using GtCustomPose.Core.Storage;
using GtCustomPose.Storage;
using GtCustomPose.Testing;

namespace GtCustomPose.Storage.Tests;

public sealed class LocalFolderStoreTests : IDisposable
{
    private readonly TempFolder _root = new("gtpose-store");

    [Fact]
    public async Task WriteThenRead_MapsBucketAndKeyToFolders()
    {
        var store = new LocalFolderStore(_root);
        await store.WriteAsync(S3Uri.Parse("s3://bucket/a/b.json"), "[]"u8.ToArray(), "application/json");
        File.ReadAllText(Path.Combine(_root, "bucket", "a", "b.json")).Should().Be("[]");
        await using var s = await store.OpenReadAsync(S3Uri.Parse("s3://bucket/a/b.json"));
        new StreamReader(s).ReadToEnd().Should().Be("[]");
    }

    [Fact]
    public async Task OpenRead_Missing_ThrowsNoSuchKey()
    {
        var act = () => new LocalFolderStore(_root).OpenReadAsync(S3Uri.Parse("s3://bucket/none"));
        (await act.Should().ThrowAsync<ObjectStoreException>()).Which.Reason.Should().Contain("NoSuchKey");
    }

    [Fact]
    public void PathOf_KeyLeavingTheFolder_IsRefused()
    {
        var act = () => new LocalFolderStore(_root).PathOf(S3Uri.Parse("s3://bucket/../../etc/passwd"));
        act.Should().Throw<ObjectStoreException>().Which.Reason.Should().Contain("leaves");
    }

    [Theory]
    [InlineData("s3://b/k", true)]
    [InlineData("s3://b/", false)]
    [InlineData("s3:///k", false)]
    [InlineData("https://b/k", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData(null, false)]
    public void S3Uri_TryParse_AcceptsOnlyS3Uris(string? text, bool ok) => S3Uri.TryParse(text, out _).Should().Be(ok);

    public void Dispose() => _root.Dispose();
}
