using System.Collections.Concurrent;
using System.Text;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Testing;

/// <summary>An in-memory object store for Core's unit tests (S3 itself is tested through moto_server).</summary>
public sealed class InMemoryStore : IObjectStore
{
    public ConcurrentDictionary<string, byte[]> Objects { get; } = new();

    public void Put(string uri, string body) => Objects[uri] = Encoding.UTF8.GetBytes(body);

    public Task<Stream> OpenReadAsync(S3Uri uri, CancellationToken cancellationToken = default)
    {
        return Objects.TryGetValue(uri.ToString(), out var bytes)
            ? Task.FromResult<Stream>(new MemoryStream(bytes, writable: false))
            : throw new ObjectStoreException(uri.ToString(), "NoSuchKey (HTTP 404)");
    }

    public async IAsyncEnumerable<S3Uri> ListAsync(
        string bucket,
        string prefix,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var key in Objects.Keys
            .Where(k => k.StartsWith($"s3://{bucket}/{prefix}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal))
            yield return S3Uri.Parse(key);
        await Task.CompletedTask;
    }

    public Task WriteAsync(
        S3Uri uri,
        ReadOnlyMemory<byte> content,
        string contentType,
        CancellationToken cancellationToken = default)
    {
        Objects[uri.ToString()] = content.ToArray();
        return Task.CompletedTask;
    }
}
