using System.Text;
using System.Text.RegularExpressions;
using GtCustomPose.Core.Exports;

namespace GtCustomPose.Core.Tests.Exports;

public sealed class ManifestSplitterTests
{
    private static readonly (string, double)[] Default = [("train", 0.8), ("val", 0.1), ("test", 0.1)];

    private static (SplitResult Result, Dictionary<string, string[]> Files) Split(string[] lines, int seed,
        (string, double)[]? fractions = null, Regex? groupBy = null)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        var outputs = new Dictionary<string, MemoryStream>();
        var result = ManifestSplitter.Split(() => new MemoryStream(bytes), fractions ?? Default, seed, groupBy,
            name => outputs[name] = new MemoryStream());
        return (result, outputs.ToDictionary(
            o => o.Key,
            o => Encoding.UTF8.GetString(o.Value.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    private static string[] Frames(int videos, int frames) =>
        Enumerable.Range(0, videos).SelectMany(v => Enumerable.Range(0, frames)
            .Select(f => $"{{\"source-ref\":\"s3://b/videos/v{v:000}/frame{f:000}.png\"}}")).ToArray();

    [Fact]
    public void Split_SameSeed_SameFilesWhateverTheLineOrder()
    {
        var lines = Frames(100, 10);
        var (_, first) = Split(lines, 1);
        var (_, again) = Split(lines.Reverse().ToArray(), 1);
        foreach (var name in first.Keys) again[name].Order().Should().Equal(first[name].Order());
        var (_, other) = Split(lines, 2);
        other["train"].Order().Should().NotEqual(first["train"].Order(), "another seed deals another split");
    }

    [Fact]
    public void Split_Fractions_ExactShareOfLinesAndEveryLineOnce()
    {
        var lines = Frames(1, 1000);
        var (result, files) = Split(lines, 7);
        result.Splits.Select(s => s.Lines).Should().Equal(800, 100, 100);
        files.Values.SelectMany(f => f).Order().Should().Equal(lines.Order());
    }

    [Fact]
    public void Split_GroupBy_KeepsEachVideoInOneSplit()
    {
        var (result, files) = Split(Frames(50, 20), 3, groupBy: new Regex("/videos/([^/]+)/"));
        var videoOf = (string line) => Regex.Match(line, "/videos/([^/]+)/").Groups[1].Value;
        var bySplit = files.ToDictionary(f => f.Key, f => f.Value.Select(videoOf).ToHashSet());
        bySplit["train"].Overlaps(bySplit["val"]).Should().BeFalse();
        bySplit["train"].Overlaps(bySplit["test"]).Should().BeFalse();
        bySplit["val"].Overlaps(bySplit["test"]).Should().BeFalse();
        result.Splits.Select(s => s.Groups).Sum().Should().Be(50);
        result.Splits[0].Lines.Should().BeCloseTo(800, 20, "within one group of the share");
        result.Unmatched.Should().Be(0);
    }

    [Fact]
    public void Split_ZeroShare_NeverOpensThatSplit()
    {
        var (result, files) = Split(Frames(1, 10), 1, [("train", 0.5), ("val", 0.5), ("test", 0)]);
        files.Keys.Should().BeEquivalentTo("train", "val");
        result.Splits[2].Lines.Should().Be(0);
    }

    [Fact]
    public void Split_LinesWithoutSourceRef_KeptAndCounted()
    {
        var (result, files) = Split(
            ["not json", "{\"x\":1}", .. Frames(1, 8)],
            1,
            [("train", 1), ("val", 0), ("test", 0)]);
        result.WithoutSourceRef.Should().Be(2);
        files["train"].Should().HaveCount(10).And.Contain("not json");
    }
}
