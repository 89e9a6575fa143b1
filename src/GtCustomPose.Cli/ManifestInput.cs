using GtCustomPose.Core.Storage;

namespace GtCustomPose.Cli;

/// <summary>A manifest named on the command line: a local file or an s3:// URI read through the store.</summary>
internal static class ManifestInput
{
    /// <summary>Opens it for reading, or fails with one line naming it.</summary>
    public static async Task<Stream> OpenAsync(
        string pathOrUri, IObjectStore? store, CancellationToken cancellationToken)
    {
        if (pathOrUri.StartsWith("s3://", StringComparison.Ordinal))
        {
            if (!S3Uri.TryParse(pathOrUri, out var uri)) throw new UserError(
                $"'{pathOrUri}' is not an s3://bucket/key URI", 2);
            return await (store ?? Stores.Open(null, null)).OpenReadAsync(uri, cancellationToken);
        }
        if (!File.Exists(pathOrUri))
            throw new UserError($"manifest '{pathOrUri}' not found (a local file or an s3://bucket/key URI)");
        return new FileStream(
            pathOrUri, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
    }
}
