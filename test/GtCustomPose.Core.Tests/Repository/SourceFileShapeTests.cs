using System.Text.RegularExpressions;
using GtCustomPose.Testing;

namespace GtCustomPose.Core.Tests.Repository;

/// <summary>
/// The reading-cost rules of .editorconfig that no analyzer checks: C# lines at most 120 characters everywhere,
/// product source files short enough to read in one sitting, in Core one top-level type per file named after it, and
/// time read only through a TimeProvider.
/// </summary>
public partial class SourceFileShapeTests
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

    [Fact]
    public void CoreFiles_EachTopLevelType_InAFileOfItsName()
    {
        var files = CSharpFiles(Path.Combine("src", "GtCustomPose.Core")).ToList();
        files.Should().NotBeEmpty();
        // File-scoped namespaces: a declaration at column 0 is a top-level type; nested ones are indented.
        var misplaced = files
            .SelectMany(f => File.ReadLines(f).Select(l => TopLevelType().Match(l)).Where(m => m.Success)
                .Select(m => (File: f, Type: m.Groups["name"].Value)))
            .Where(t => t.Type != Path.GetFileName(t.File).Split('.')[0])
            .Select(t => $"{Path.GetRelativePath(Repo.Root, t.File)} declares {t.Type}")
            .ToList();
        misplaced.Should().BeEmpty("each top-level type of Core has a file of its own, named after it " +
            "(a partial type may add Name.Part.cs files)");
    }

    [GeneratedRegex(@"^(?:(?:public|internal|file|sealed|static|abstract|readonly|partial|ref) )*" +
        @"(?:record struct|record class|class|record|struct|enum|interface|delegate [^(]+?) (?<name>\w+)")]
    private static partial Regex TopLevelType();

    [Theory]
    [InlineData("src")]
    [InlineData("test")]
    public void CSharpFiles_NoWallClockRead_TimeComesThroughTimeProvider(string folder)
    {
        var files = CSharpFiles(folder).ToList();
        files.Should().NotBeEmpty();
        var reads = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Number: i + 1, Line: line)))
            .Where(l => WallClock().IsMatch(l.Line))
            .Select(l => $"{Path.GetRelativePath(Repo.Root, l.File)}:{l.Number}: {l.Line.Trim()}")
            .ToList();
        reads.Should().BeEmpty("a type that needs the time takes a TimeProvider (docs/architecture.md)");
    }

    // Split so that this file does not name what it looks for.
    [GeneratedRegex(@"\bDateTime(Offset)?\.(Utc)?" + "Now\\b")]
    private static partial Regex WallClock();
}
