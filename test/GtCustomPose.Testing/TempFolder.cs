namespace GtCustomPose.Testing;

/// <summary>
/// A fresh folder under the system temp folder for one test (or one test class), deleted with everything in it on
/// <see cref="Dispose"/>. Every test that writes files goes through it, so no two tests share a folder and none leaves
/// one behind.
/// </summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates the folder; <paramref name="prefix"/> names it, so a leftover one says which test made
    /// it.</summary>
    public TempFolder(string prefix = "gtpose") => Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Deletes the folder and everything in it; a folder already gone (a test removed it) is fine.</summary>
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }

    /// <summary>The folder's path, so a test passes the folder wherever a path is wanted.</summary>
    public static implicit operator string(TempFolder folder) => folder.Path;

    public override string ToString() => Path;
}
