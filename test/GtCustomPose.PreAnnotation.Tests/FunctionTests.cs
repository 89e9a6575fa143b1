using System.Text;
using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Pre;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Testing;

namespace GtCustomPose.PreAnnotation.Tests;

public class FunctionTests
{
    private static async Task<JsonElement> Invoke(string eventFile, PreAnnotationSettings? settings = null)
    {
        var function = new Function(settings ?? new PreAnnotationSettings(Rig.Coco17));
        await using var input = File.OpenRead(TestEvents.PathOf(eventFile));
        await using var output = await function.FunctionHandler(input);
        return (await JsonDocument.ParseAsync(output)).RootElement.Clone();
    }

    [Fact]
    public async Task FunctionHandler_SkeletonPreLabels_WritesDocumentedResponseShape()
    {
        var response = await Invoke("pre-annotation-skeleton-prelabels.json");
        response.GetProperty("isHumanAnnotationRequired").GetBoolean().Should().BeTrue();
        response.TryGetProperty("humanAnnotationRequired", out _)
            .Should().BeFalse("the documented key is isHumanAnnotationRequired");
        var input = response.GetProperty("taskInput");
        input.GetProperty("image_s3_uri").GetString().Should().Be("s3://bucket/images/0001.jpg");
        input.GetProperty("initial_values")[0].GetProperty("annotations")[1].GetProperty("x").GetDouble()
            .Should().Be(280.5);
        input.GetProperty("keypoint_classes").GetArrayLength().Should().Be(17);
        input.GetProperty("skeleton_rig")[0].GetArrayLength().Should().Be(3);
        input.TryGetProperty("image_source", out _).Should().BeFalse("null fields are left out");
    }

    [Theory]
    [InlineData("pre-annotation-keypoint-prelabels.json", 1)]
    [InlineData("pre-annotation-no-annotations.json", 0)]
    [InlineData("pre-annotation-inline-source.json", 0)]
    public async Task FunctionHandler_EveryInputShape_Succeeds(string eventFile, int skeletons)
    {
        var response = await Invoke(eventFile);
        response.GetProperty("taskInput").GetProperty("initial_values").GetArrayLength().Should().Be(skeletons);
    }

    /// <summary>
    /// The function writes with its own serialization-only context; the bytes must be Core's contract exactly.
    /// </summary>
    [Theory]
    [InlineData("pre-annotation-skeleton-prelabels.json")]
    [InlineData("pre-annotation-keypoint-prelabels.json")]
    [InlineData("pre-annotation-no-annotations.json")]
    [InlineData("pre-annotation-inline-source.json")]
    [InlineData("pre-annotation-chained.json")]
    public async Task FunctionHandler_AnyEvent_WritesTheSameJsonAsCoresContext(string eventFile)
    {
        var settings = new PreAnnotationSettings(Rig.Coco17, ChainedLabelAttribute: "pose");
        var bytes = await File.ReadAllBytesAsync(TestEvents.PathOf(eventFile));
        using var request = JsonDocument.Parse(bytes);
        var expected = JsonSerializer.Serialize(
            PreAnnotationMapper.Map(request.RootElement, settings), CoreJsonContext.Default.PreAnnotationResponse);
        await using var output = await new Function(settings).FunctionHandler(new MemoryStream(bytes));
        (await new StreamReader(output).ReadToEndAsync()).Should().Be(expected);
    }

    [Fact]
    public async Task FunctionHandler_ChainedJob_RoundTripsTheConsolidatedLabel()
    {
        var response = await Invoke("pre-annotation-chained.json", new PreAnnotationSettings(Rig.Coco17, "pose"));
        response.GetProperty("taskInput").GetProperty("initial_values_source").GetString().Should().Be("chained-label");
    }

    [Fact]
    public async Task FunctionHandler_NoImage_ThrowsMessageGroundTruthShows()
    {
        var act = () => Invoke("pre-annotation-no-image.json");
        (await act.Should().ThrowAsync<DataObjectException>())
            .Which.Message.Should().Contain("no image").And.Contain("labeling-job/pose");
    }

    [Fact]
    public async Task FunctionHandler_NotJson_ThrowsClearError()
    {
        var function = new Function(new PreAnnotationSettings(Rig.Coco17));
        var act = () => function.FunctionHandler(new MemoryStream(Encoding.UTF8.GetBytes("{nope")));
        (await act.Should().ThrowAsync<DataObjectException>()).Which.Message.Should().Contain("not valid JSON");
    }
}
