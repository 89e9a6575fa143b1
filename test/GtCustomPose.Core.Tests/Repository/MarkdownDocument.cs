using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace GtCustomPose.Core.Tests.Repository;

/// <summary>
/// The links and heading anchors of one Markdown file, read as GitHub renders it: nothing inside fenced code blocks
/// or code spans is a link, and a heading's anchor is GitHub's slug of its text (with -1, -2, … for repeats).
/// </summary>
internal sealed partial class MarkdownDocument
{
    private MarkdownDocument(IReadOnlyList<(int Line, string Target)> links, IReadOnlySet<string> anchors)
    {
        Links = links;
        Anchors = anchors;
    }

    /// <summary>Every link and image target with its 1-based line, as written (external ones included).</summary>
    public IReadOnlyList<(int Line, string Target)> Links { get; }

    /// <summary>The anchors a link may name with #: the headings' slugs and any HTML id or name.</summary>
    public IReadOnlySet<string> Anchors { get; }

    public static MarkdownDocument Read(string path)
    {
        var links = new List<(int, string)>();
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var fenced = false;
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (Fence().IsMatch(line))
            {
                fenced = !fenced;
                continue;
            }
            if (fenced) continue;
            var text = CodeSpan().Replace(line, m => Heading().IsMatch(line) ? m.Groups[1].Value : "");
            foreach (Match m in InlineLink().Matches(text)) links.Add((i + 1, m.Groups["target"].Value));
            if (ReferenceLink().Match(text) is { Success: true } reference)
                links.Add((i + 1, reference.Groups["target"].Value));
            foreach (Match m in HtmlAnchor().Matches(text)) anchors.Add(m.Groups[1].Value);
            if (Heading().Match(text) is { Success: true } heading)
            {
                var slug = Slug(heading.Groups["text"].Value);
                var seen = counts.GetValueOrDefault(slug);
                counts[slug] = seen + 1;
                anchors.Add(seen == 0 ? slug : $"{slug}-{seen}");
            }
        }
        return new MarkdownDocument(links, anchors);
    }

    /// <summary>
    /// GitHub's anchor for a heading: its rendered text lowercased, every character that is not a letter, a mark, a
    /// digit, a connector (<c>_</c>), a hyphen or a space dropped, and each space made a hyphen.
    /// </summary>
    public static string Slug(string heading)
    {
        var rendered = LinkText().Replace(heading, "$1").Replace("**", "", StringComparison.Ordinal);
        var slug = new StringBuilder(rendered.Length);
        foreach (var c in rendered.Trim().ToLowerInvariant())
        {
            var kept = c is '-' or ' ' || char.GetUnicodeCategory(c) is UnicodeCategory.LowercaseLetter
                or UnicodeCategory.UppercaseLetter or UnicodeCategory.OtherLetter or UnicodeCategory.ModifierLetter
                or UnicodeCategory.TitlecaseLetter or UnicodeCategory.NonSpacingMark
                or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                or UnicodeCategory.ConnectorPunctuation;
            if (kept) slug.Append(c == ' ' ? '-' : c);
        }
        return slug.ToString();
    }

    [GeneratedRegex(@"^\s{0,3}(```|~~~)")]
    private static partial Regex Fence();

    // A code span's text is no link, but it is part of a heading's text (and so of its anchor).
    [GeneratedRegex("`+([^`]*)`+")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s+(?<target>\S+)")]
    private static partial Regex ReferenceLink();

    [GeneratedRegex(@"<a\s+(?:name|id)=""([^""]+)""")]
    private static partial Regex HtmlAnchor();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkText();
}
