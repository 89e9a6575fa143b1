using System.Text.Json;
using GtCustomPose.Core.Pre;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Workflow;

namespace GtCustomPose.Core.Tests.Workflow;

/// <summary>A re-label job's lines: the object and its link to level 1, nothing a worker could copy.</summary>
public class RelabelLinesTests
{
    // One manifest line (the raw string's line breaks are left out).
    private static readonly string Routed = """
        {"source-ref": "s3://b/i/7.png", "keep": {"n": 7}, "annotations": [{"label": "nose", "x": 1, "y": 2}],
        "pose": {"instances": [{"name": "p", "annotations": [{"label": "nose", "x": 3, "y": 4}]}]},
        "pose-metadata": {"job-name": "level1"}, "gtpose-audit": {"reasons": ["low_confidence"], "doubtful":
        [{"instance": "p", "reasons": ["low_confidence"], "keypoints": ["nose"]}], "label_attribute": "pose",
        "line": 8}}
        """.ReplaceLineEndings(" ");

    private static async Task<JsonElement> RelabelAsync(string routed)
    {
        using var output = new StringWriter();
        var written = await RelabelLines.WriteAsync(new StringReader(routed + "\n"), output, "pose");
        written.Should().Be(1);
        return JsonDocument.Parse(output.ToString()).RootElement.Clone();
    }

    [Fact]
    public async Task WriteAsync_RoutedLine_KeepsObjectAndLinkDropsLabelAndPreLabels()
    {
        var line = await RelabelAsync(Routed);

        line.EnumerateObject().Select(p => p.Name).Should().Equal("source-ref", "keep", "gtpose-audit");
        var hint = line.GetProperty("gtpose-audit");
        hint.GetProperty("line").GetInt32().Should().Be(8);
        hint.GetProperty("label_attribute").GetString().Should().Be("pose");
        hint.GetProperty("mode").GetString().Should().Be("relabel");
        hint.GetProperty("doubtful").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task WriteAsync_LineNotWrittenByRoute_FailsNamingTheLine()
    {
        var write = () => RelabelLines.WriteAsync(
            new StringReader("""{"source-ref": "s3://b/x.png"}""" + "\n"), new StringWriter(), "pose");

        (await write.Should().ThrowAsync<FormatException>()).Which.Message
            .Should().Be("routed manifest line 1: no 'gtpose-audit' object (not written by route)");
    }

    [Fact]
    public void Map_RelabelModeLine_ShowsNoInitialValuesEvenWithPreLabelsAndAChainedLabel()
    {
        // A relabel line that still carries both (written by hand or by another tool) must not leak them.
        var routed = Routed.Replace("\"line\": 8}", "\"line\": 8, \"mode\": \"relabel\"}", StringComparison.Ordinal);
        using var request = JsonDocument.Parse(
            $$"""{"version": "2018-10-16", "labelingJobArn": "arn:job/relabel", "dataObject": {{routed}}}""");

        var r = PreAnnotationMapper.Map(request.RootElement, new PreAnnotationSettings(Rig.Coco17, "pose"));

        r.TaskInput.InitialValues.Should().BeEmpty();
        r.TaskInput.InitialValuesSource.Should().Be("none");
        r.IsHumanAnnotationRequired.Should().BeTrue();
    }
}
