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
            return Task.FromResult<Stream>(
                new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));
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
    /// <remarks>
    /// Walks only the folder the prefix names, one folder's entries at a time, so memory follows the widest folder and
    /// not the object count. Entries are ordered as their keys are: a folder <c>1</c> sorts as <c>1/</c>, after a file
    /// <c>1.json</c>, as S3 would list them.
    /// </remarks>
    public async IAsyncEnumerable<S3Uri> ListAsync(
        string bucket,
        string prefix,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var bucketRoot = Path.GetFullPath(Path.Combine(Root, bucket));
        if (!bucketRoot.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ObjectStoreException($"s3://{bucket}/{prefix}", "the bucket leaves the store's folder");
        var slash = prefix.LastIndexOf('/');
        var folderKey = slash < 0 ? "" : prefix[..(slash + 1)];
        if (folderKey.Split('/').Any(part => part is ".." or "."))
            throw new ObjectStoreException($"s3://{bucket}/{prefix}", "the prefix leaves the store's folder");
        var folder = Path.Combine(bucketRoot, folderKey.Replace('/', Path.DirectorySeparatorChar));
        foreach (var key in Walk(folder, folderKey, prefix[(slash + 1)..]))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new S3Uri(bucket, key);
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    // Keys under folder (whose key is folderKey) whose entry name starts with namePrefix, in key order.
    private static IEnumerable<string> Walk(string folder, string folderKey, string namePrefix)
    {
        if (!Directory.Exists(folder)) yield break;
        var entries = new DirectoryInfo(folder).EnumerateFileSystemInfos()
            .Where(e => e.Name.StartsWith(namePrefix, StringComparison.Ordinal))
            .Select(e => (Sort: e is DirectoryInfo ? e.Name + "/" : e.Name, Entry: e))
            .OrderBy(e => e.Sort, StringComparer.Ordinal)
            .ToList();
        foreach (var (sort, entry) in entries)
        {
            if (entry is DirectoryInfo dir)
                foreach (var key in Walk(dir.FullName, folderKey + sort, "")) yield return key;
            else yield return folderKey + sort;
        }
    }

    /// <inheritdoc />
    public async Task WriteAsync(
        S3Uri uri, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        var path = PathOf(uri);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task WriteAsync(
        S3Uri uri, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        var path = PathOf(uri);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var file = new FileStream(
            path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
    }
}
