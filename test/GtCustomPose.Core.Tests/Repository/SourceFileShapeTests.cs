using GtCustomPose.Testing;

namespace GtCustomPose.Core.Tests.Repository;

/// <summary>
/// The reading-cost rules of .editorconfig that no analyzer checks: C# lines at most 120 characters everywhere, and
/// product source files short enough to read in one sitting.
/// </summary>
public class SourceFileShapeTests
{
    private const int MaxLineLength = 120;
    private const int MaxProductFileLines = 400;

    private static IEnumerable<string> CSharpFiles(string folder) =>
        Directory.EnumerateFiles(Repo.PathOf(folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj" or "node_modules"))
            .Order(StringComparer.Ordinal);

    [Theory]
    [InlineData("src")]
    [InlineData("test")]
    public void CSharpFiles_EveryLine_AtMost120Characters(string folder)
    {
        var files = CSharpFiles(folder).ToList();
        files.Should().NotBeEmpty();
        var longLines = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Number: i + 1, line.Length)))
            .Where(l => l.Length > MaxLineLength)
            .Select(l => $"{Path.GetRelativePath(Repo.Root, l.File)}:{l.Number} has {l.Length} characters")
            .ToList();
        longLines.Should().BeEmpty($"lines are at most {MaxLineLength} characters (.editorconfig)");
    }

    [Fact]
    public void ProductSourceFiles_Each_AtMost400Lines()
    {
        var files = CSharpFiles("src").ToList();
        files.Should().NotBeEmpty();
        files.Select(f => (File: f, Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > MaxProductFileLines)
            .Select(f => $"{Path.GetRelativePath(Repo.Root, f.File)} has {f.Lines} lines")
            .Should().BeEmpty($"a source file is read in one sitting (at most {MaxProductFileLines} lines)");
    }
}
