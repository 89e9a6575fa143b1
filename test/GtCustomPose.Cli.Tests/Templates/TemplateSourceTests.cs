using System.Diagnostics;
using System.Text.RegularExpressions;
using GtCustomPose.Core.Exports;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Templates;

/// <summary>template/pose-skeleton.liquid.html is produced from template/src/ by template/src/inline.mjs.</summary>
public partial class TemplateSourceTests
{
    private static async Task<(int Code, string Output)> InlineAsync(string templateDir, params string[] args)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(templateDir, "src", "inline.mjs"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    /// <summary>A copy of template/ (the sources and the produced template) to change freely.</summary>
    private static TempFolder CopyOfTemplate()
    {
        var dir = new TempFolder("gtpose-template");
        Directory.CreateDirectory(Path.Combine(dir, "src"));
        foreach (var f in Directory.GetFiles(Repo.PathOf("template", "src")))
        {
            File.Copy(f, Path.Combine(dir, "src", Path.GetFileName(f)));
        }
        File.Copy(Repo.PathOf("template", "pose-skeleton.liquid.html"), Path.Combine(dir, "pose-skeleton.liquid.html"));
        return dir;
    }

    [Fact]
    public async Task CommittedTemplate_ComparedWithSources_IsTheirInlinedCopy()
    {
        var (code, output) = await InlineAsync(Repo.PathOf("template"), "--check");
        code.Should().Be(0, output);
    }

    [Fact]
    public async Task Check_SourceChangedButNotInlined_Fails()
    {
        using var dir = CopyOfTemplate();
        File.AppendAllText(Path.Combine(dir, "src", "skeleton-draw.js"), "\n// changed\n");
        var (code, output) = await InlineAsync(dir, "--check");
        code.Should().Be(1);
        output.Should().Contain("differs from template/src/");
        (await InlineAsync(dir)).Code.Should().Be(0);
        (await InlineAsync(dir, "--check")).Code.Should().Be(0, "inlining again brings the copy up to date");
        File.ReadAllText(Path.Combine(dir, "pose-skeleton.liquid.html")).Should().Contain("// changed");
    }

    [Fact]
    public void WorkerPageReasons_ComparedWithReasonWords_AreTheSameWords()
    {
        var source = File.ReadAllText(Repo.PathOf("template", "src", "skeleton-model.js"));
        var block = source[source.IndexOf("const REASONS = {", StringComparison.Ordinal)..];
        block = block[..block.IndexOf("};", StringComparison.Ordinal)];
        var page = ReasonLine().Matches(block).ToDictionary(m => m.Groups[1].Value, m => m.Groups[3].Value);
        page.Should().BeEquivalentTo(ReasonWords.All, "the worker page words each reason as the review page does");
    }

    [GeneratedRegex("^\\s+(\\w+): (['\"])(.*)\\2,$", RegexOptions.Multiline)]
    private static partial Regex ReasonLine();

    [Theory]
    [InlineData("// {{ task.input.x }}", "{{")]
    [InlineData("// {% if x %}", "{%")]
    [InlineData("const s = '</script>';", "</script")]
    public async Task Inline_SourceWithLiquidOrScriptEnd_IsRefused(string line, string named)
    {
        using var dir = CopyOfTemplate();
        File.AppendAllText(Path.Combine(dir, "src", "skeleton-model.js"), "\n" + line + "\n");
        var (code, output) = await InlineAsync(dir);
        code.Should().NotBe(0);
        output.Should().Contain($"contain \"{named}\"");
    }
}
