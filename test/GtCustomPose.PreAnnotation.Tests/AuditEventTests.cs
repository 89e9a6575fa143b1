using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Pre;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Testing;

namespace GtCustomPose.PreAnnotation.Tests;

/// <summary>
/// An audit job's line: its chained label becomes initial values and its gtpose-audit reaches the page.
/// </summary>
public class AuditEventTests
{
    private static readonly PreAnnotationSettings Settings = new(Rig.Coco17, ChainedLabelAttribute: "pose");

    private static async Task<(JsonElement Response, string Text)> Invoke()
    {
        var bytes = await File.ReadAllBytesAsync(TestEvents.PathOf("pre-annotation-audit.json"));
        await using var output = await new Function(Settings).FunctionHandler(new MemoryStream(bytes));
        var text = await new StreamReader(output).ReadToEndAsync();
        return (JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    [Fact]
    public async Task FunctionHandler_AuditLine_WritesTheAuditObjectAsTaskInputAudit()
    {
        var (response, _) = await Invoke();
        var audit = response.GetProperty("taskInput").GetProperty("audit");
        audit.GetProperty("reasons")[0].GetString().Should().Be("low_confidence");
        audit.GetProperty("doubtful")[0].GetProperty("keypoints")[0].GetString().Should().Be("left_wrist");
        audit.GetProperty("source_job").GetString().Should().Be("pose");
        response.GetProperty("taskInput").GetProperty("keypoint_classes")[9].GetProperty("side").GetString()
            .Should().Be("left");
    }

    [Fact]
    public async Task FunctionHandler_AuditLine_WritesTheSameJsonAsCoresContext()
    {
        var bytes = await File.ReadAllBytesAsync(TestEvents.PathOf("pre-annotation-audit.json"));
        using var request = JsonDocument.Parse(bytes);
        var expected = JsonSerializer.Serialize(
            PreAnnotationMapper.Map(request.RootElement, Settings), CoreJsonContext.Default.PreAnnotationResponse);
        (await Invoke()).Text.Should().Be(expected);
    }
}
