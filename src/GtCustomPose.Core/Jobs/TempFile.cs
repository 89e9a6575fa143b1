using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Jobs;

/// <summary>A file in the temporary folder (Lambda's /tmp), deleted when disposed: outputs stream through it instead of
/// one buffer of the whole manifest.</summary>
internal sealed class TempFile : IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"gtpose-{Guid.NewGuid():N}.tmp");

    public TempFile() =>
        Stream = new FileStream(
            _path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, useAsync: true);

    public FileStream Stream { get; }

    public async Task UploadAsync(IObjectStore store, S3Uri uri, string contentType, CancellationToken ct)
    {
        await Stream.FlushAsync(ct).ConfigureAwait(false);
        Stream.Position = 0;
        await store.WriteAsync(uri, Stream, contentType, ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync().ConfigureAwait(false);
        File.Delete(_path);
    }
}
