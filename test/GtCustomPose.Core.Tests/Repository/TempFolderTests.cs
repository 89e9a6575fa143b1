using GtCustomPose.Testing;

namespace GtCustomPose.Core.Tests.Repository;

/// <summary>The shared temp-folder fixture every test that writes files goes through.</summary>
public class TempFolderTests
{
    [Fact]
    public void Dispose_FolderWithFiles_RemovesItAll()
    {
        var folder = new TempFolder("gtpose-temp-test");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.WriteAllText(Path.Combine(folder, "sub", "a.txt"), "a");

        folder.Dispose();

        Directory.Exists(folder.Path).Should().BeFalse();
    }

    [Fact]
    public void New_TwoFolders_DistinctEmptyFoldersNamedByThePrefix()
    {
        using var a = new TempFolder("gtpose-temp-test");
        using var b = new TempFolder("gtpose-temp-test");

        a.Path.Should().NotBe(b.Path);
        Path.GetFileName(a.Path).Should().StartWith("gtpose-temp-test-");
        Directory.EnumerateFileSystemEntries(a).Should().BeEmpty();
        ((string)a).Should().Be(a.Path);
    }

    [Fact]
    public void Dispose_FolderAlreadyGone_DoesNotThrow()
    {
        var folder = new TempFolder("gtpose-temp-test");
        Directory.Delete(folder);

        folder.Invoking(f => f.Dispose()).Should().NotThrow();
    }
}
