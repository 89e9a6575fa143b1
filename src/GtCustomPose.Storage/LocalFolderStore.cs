using GtCustomPose.Core.Storage;

namespace GtCustomPose.Storage;

/// <summary>
/// A local folder standing in for S3: <c>s3://bucket/key</c> is <c>{root}/bucket/key</c>. No account, no server.
/// Keys that would leave the folder (<c>..</c>) are refused.
/// </summary>
public sealed class LocalFolderStore(string root) : IObjectStore
{
    /// <summary>The folder, absolute.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The file that stands for <paramref name="uri"/>.</summary>
    public string PathOf(S3Uri uri)
    {
        var path = Path.GetFullPath(Path.Combine(Root, uri.Bucket, uri.Key));
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ObjectStoreException(uri.ToString(), "the key leaves the store's folder");
        return path;
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(S3Uri uri, CancellationToken cancellationToken = default)
    {
        var path = PathOf(uri);
        try
        {
            return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectStoreException(uri.ToString(), $"NoSuchKey (no file {path})", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ObjectStoreException(uri.ToString(), $"AccessDenied ({path})", e);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<S3Uri> ListAsync(string bucket, string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var root = Path.Combine(Root, bucket);
        if (!Directory.Exists(root)) yield break;
        var keys = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new S3Uri(bucket, key);
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task WriteAsync(S3Uri uri, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        var path = PathOf(uri);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content.ToArray(), cancellationToken).ConfigureAwait(false);
    }
}
