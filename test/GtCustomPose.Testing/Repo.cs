namespace GtCustomPose.Testing;

/// <summary>Paths inside the repository checkout.</summary>
public static class Repo
{
    /// <summary>The folder holding GtCustomPose.sln.</summary>
    public static string Root { get; } = Find();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GtCustomPose.sln"))) return dir.FullName;
        throw new InvalidOperationException("GtCustomPose.sln not found above " + AppContext.BaseDirectory);
    }
}
