using GtCustomPose.Testing;

namespace GtCustomPose.Core.Tests.Repository;

/// <summary>
/// Every relative link of README.md, CHANGELOG.md and docs/ leads somewhere: the file exists, and a #anchor names a
/// heading of that file as GitHub writes its anchor. External links (http, https, mailto) are not followed.
/// </summary>
public class DocumentationLinkTests
{
    private static IEnumerable<string> Pages() =>
        new[] { Repo.PathOf("README.md"), Repo.PathOf("CHANGELOG.md") }
            .Concat(Directory.EnumerateFiles(Repo.PathOf("docs"), "*.md", SearchOption.AllDirectories).Order());

    private static IEnumerable<(string Page, int Line, string Path, string? Anchor)> RelativeLinks() =>
        from page in Pages()
        from link in MarkdownDocument.Read(page).Links
        where !link.Target.Contains("://", StringComparison.Ordinal)
            && !link.Target.StartsWith("mailto:", StringComparison.Ordinal)
        let hash = link.Target.IndexOf('#', StringComparison.Ordinal)
        let path = hash < 0 ? link.Target : link.Target[..hash]
        let anchor = hash < 0 ? null : link.Target[(hash + 1)..]
        select (page, link.Line, path.Length == 0 ? page : Path.GetFullPath(path, Path.GetDirectoryName(page)!),
            anchor);

    private static string Relative(string path) => Path.GetRelativePath(Repo.Root, path);

    private static string Where(string page, int line) => $"{Relative(page)}:{line}";

    [Fact]
    public void Links_EveryRelativeTarget_Exists()
    {
        var links = RelativeLinks().ToList();
        links.Should().NotBeEmpty();
        links.Where(l => !File.Exists(l.Path) && !Directory.Exists(l.Path))
            .Select(l => $"{Where(l.Page, l.Line)} links to {Relative(l.Path)}, which is not there")
            .Should().BeEmpty();
    }

    [Fact]
    public void Links_EveryAnchor_NamesAHeadingOfItsPage()
    {
        var anchored = RelativeLinks().Where(l => l.Anchor is not null && File.Exists(l.Path)).ToList();
        anchored.Should().NotBeEmpty();
        var documents = anchored.Select(l => l.Path).Distinct()
            .ToDictionary(p => p, p => MarkdownDocument.Read(p).Anchors);
        anchored.Where(l => !documents[l.Path].Contains(l.Anchor!))
            .Select(l => $"{Where(l.Page, l.Line)}: {Relative(l.Path)} has no heading #{l.Anchor}")
            .Should().BeEmpty();
    }

    [Theory]
    [InlineData("Get started", "get-started")]
    [InlineData("Local tools (`gtpose`)", "local-tools-gtpose")]
    [InlineData("A labeling job's output", "a-labeling-jobs-output")]
    [InlineData("The workflow: label → reconsolidate → route → audit → merge",
        "the-workflow-label--reconsolidate--route--audit--merge")]
    [InlineData("The state machine (`template/gtpose-workflow.yaml`)", "the-state-machine-templategtpose-workflowyaml")]
    [InlineData("No Amazon.Lambda packages: what that means", "no-amazonlambda-packages-what-that-means")]
    [InlineData("Limits & Retries", "limits--retries")]
    [InlineData("`GTPOSE_RIG_FILE` and [rigs](x.md)", "gtpose_rig_file-and-rigs")]
    [InlineData("**Bold** Été 2", "bold-été-2")]
    public void Slug_Heading_IsGitHubsAnchor(string heading, string anchor) =>
        MarkdownDocument.Slug(heading).Should().Be(anchor);

    [Fact]
    public void Read_RepeatedHeadingsAndCode_NumberedAnchorsAndNoLinksFromCode()
    {
        using var folder = new TempFolder("gtpose-docs");
        var path = Path.Combine(folder, "page.md");
        File.WriteAllLines(path, [
            "# Title", "## Usage", "## Usage", "See [usage](#usage-1) and `[not](a.md)`.", "```",
            "[not a link](b.md)", "## not a heading", "```", "<a name=\"custom\"></a>", "[ref]: c.md"]);

        var document = MarkdownDocument.Read(path);

        document.Anchors.Should().BeEquivalentTo("title", "usage", "usage-1", "custom");
        document.Links.Should().Equal((4, "#usage-1"), (10, "c.md"));
    }
}
