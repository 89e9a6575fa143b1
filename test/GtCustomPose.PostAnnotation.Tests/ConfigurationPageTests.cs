using System.Text.RegularExpressions;
using GtCustomPose.Testing;

namespace GtCustomPose.PostAnnotation.Tests;

/// <summary>The environment-variable table of docs/configuration.md and the code name the same settings with the
/// same defaults.</summary>
public partial class ConfigurationPageTests
{
    private sealed record Row(string Name, string Function, string Default);

    private static IReadOnlyList<Row> Table()
    {
        var page = File.ReadAllText(Repo.PathOf("docs", "configuration.md"));
        var start = page.IndexOf("\n## Environment variables", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, "docs/configuration.md has an Environment variables section");
        var end = page.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = page[start..(end < 0 ? page.Length : end)];
        return RowPattern().Matches(section)
            .Select(m => new Row(
                m.Groups["name"].Value, m.Groups["function"].Value.Trim(), m.Groups["default"].Value.Trim()))
            .ToList();
    }

    [Fact]
    public void Table_Variables_AreTheOnesTheCodeReads()
    {
        var table = Table().Select(r => r.Name).ToList();
        table.Should().OnlyHaveUniqueItems();
        table.Should().BeEquivalentTo(CodeSettings.Pre.Union(CodeSettings.Post));
    }

    [Fact]
    public void Table_Variables_IncludeEveryNameInTheSource()
    {
        // Catches a setting read without going through the functions' setting names (the CLI, a new project).
        var inSource = Directory.EnumerateFiles(Repo.PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}",
                StringComparison.Ordinal))
            .SelectMany(f => NamePattern().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        Table().Select(r => r.Name).Should().Contain(inSource);
    }

    [Fact]
    public void Table_Function_SaysWhichFunctionReadsIt()
    {
        foreach (var row in Table())
        {
            var expected = (CodeSettings.Pre.Contains(row.Name), CodeSettings.Post.Contains(row.Name)) switch
            {
                (true, true) => "both",
                (true, false) => "pre",
                (false, true) => "post",
                _ => "neither",
            };
            row.Function.Should().Be(expected, row.Name);
        }
    }

    [Fact]
    public void Table_Default_IsTheCodesDefault()
    {
        var defaults = CodeSettings.Defaults();
        foreach (var row in Table())
        {
            defaults.Should().ContainKey(row.Name, "CodeSettings.Defaults renders every setting's default");
            row.Default.Should().StartWith(defaults[row.Name], $"{row.Name}'s default in the page is the code's");
        }
    }

    [GeneratedRegex(
        @"^\| `(?<name>GTPOSE_[A-Z0-9_]+)` \|(?<function>[^|]*)\|(?<default>[^|]*)\|", RegexOptions.Multiline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("\"(GTPOSE_[A-Z0-9_]+)\"")]
    private static partial Regex NamePattern();
}
