using System.Text.RegularExpressions;
using FluentAssertions.Execution;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests;

/// <summary>
/// docs/cli.md and <c>gtpose --help</c> agree: every command has a section headed <c>`gtpose COMMAND`</c> whose
/// option list names exactly the options its help shows.
/// </summary>
public partial class CliReferenceTests
{
    private static async Task<IReadOnlyList<(string Command, IReadOnlyList<string> Options)>> CommandsAsync()
    {
        var leaves = new List<(string, IReadOnlyList<string>)>();
        var pending = new Queue<string>([""]);
        while (pending.TryDequeue(out var command))
        {
            var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append("--help").ToArray();
            var (code, help, err) = await Gtpose.RunAsync(args);
            code.Should().Be(0, err);
            var subcommands = Section(help, "Commands:").Select(l => CommandLine().Match(l))
                .Where(m => m.Success).Select(m => $"{command} {m.Groups[1].Value}".Trim()).ToList();
            foreach (var sub in subcommands) pending.Enqueue(sub);
            if (subcommands.Count > 0) continue;
            var options = Section(help, "Options:").Select(l => OptionLine().Match(l)).Where(m => m.Success)
                .Select(m => m.Groups[1].Value).Where(o => o is not "--help" and not "--version").ToList();
            leaves.Add((command, options));
        }
        return leaves;
    }

    private static IEnumerable<string> Section(string help, string title) =>
        help.Split('\n').Select(l => l.TrimEnd('\r')).SkipWhile(l => l != title).Skip(1)
            .TakeWhile(l => l.Length == 0 || l.StartsWith(' '));

    /// <summary>The options docs/cli.md lists (bullets starting with an option) under each command's heading.</summary>
    private static Dictionary<string, List<string>> Reference()
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in File.ReadLines(Repo.PathOf("docs", "cli.md")))
        {
            if (line.StartsWith('#'))
            {
                var heading = CommandHeading().Match(line);
                current = heading.Success ? sections[heading.Groups[1].Value] = [] : null;
            }
            else if (current is not null && OptionBullet().Match(line) is { Success: true } bullet)
            {
                current.Add(bullet.Groups[1].Value);
            }
        }
        return sections;
    }

    [Fact]
    public async Task Reference_EveryCommand_ListsExactlyTheOptionsOfItsHelp()
    {
        var commands = await CommandsAsync();
        var reference = Reference();

        commands.Should().Contain(c => c.Command == "run-job");
        using var scope = new AssertionScope();
        reference.Keys.Should().BeEquivalentTo(commands.Select(c => c.Command),
            "docs/cli.md has one section headed `gtpose COMMAND` for each command gtpose --help lists");
        foreach (var (command, options) in commands.Where(c => reference.ContainsKey(c.Command)))
            reference[command].Should().BeEquivalentTo(options, $"docs/cli.md lists the options of gtpose {command}");
    }

    [GeneratedRegex(@"^  ([a-z][a-z0-9-]*)(?: <[^>]+>)*\s{2,}")]
    private static partial Regex CommandLine();

    [GeneratedRegex(@"^  (?:-\S+, )*(--[a-z0-9-]+)")]
    private static partial Regex OptionLine();

    [GeneratedRegex(@"^#{2,4} `gtpose ([a-z0-9 -]+)`\s*$")]
    private static partial Regex CommandHeading();

    [GeneratedRegex(@"^- `(--[a-z0-9-]+)")]
    private static partial Regex OptionBullet();
}
