using System.Text.Json;
using GtCustomPose.Core.Interop;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Testing;

namespace GtCustomPose.Core.Tests.Interop;

/// <summary>An import run start to end, its outputs kept for the assertions.</summary>
internal sealed class ImportHarness : IDisposable
{
    private readonly TempFolder _folder = new("gtpose-import");

    public string Folder => _folder;

    public List<string> Warnings { get; } = [];

    /// <summary>Writes <paramref name="text"/> to a file in the folder; its path.</summary>
    public string File(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "interop", name);

    /// <summary>Reads, resolves the rig, consolidates; the session (disposed with the harness), result and merged
    /// file.</summary>
    public async Task<(ImportSession Session, ImportResult Result, JsonElement Merged, Rig Rig)> RunAsync(
        ImportFormat format, IEnumerable<string> files, Rig? rig = null, string? category = null,
        Stream? manifest = null)
    {
        var session = ImportRun.Read(format, files, category);
        _sessions.Add(session);
        var used = ImportRig.Resolve(session, rig, Warnings.Add);
        var merged = new MemoryStream();
        var writer = manifest is null ? null : new ImportManifestWriter(
            manifest, "pose", "s3://bucket/images/", "test-job", DateTimeOffset.UnixEpoch);
        var result = await ImportRun.ConsolidateAsync(session, used, null, merged, writer);
        using var doc = JsonDocument.Parse(merged.ToArray());
        return (session, result, doc.RootElement.Clone(), used);
    }

    private readonly List<ImportSession> _sessions = [];

    public void Dispose()
    {
        foreach (var s in _sessions) s.Dispose();
        _folder.Dispose();
    }
}
