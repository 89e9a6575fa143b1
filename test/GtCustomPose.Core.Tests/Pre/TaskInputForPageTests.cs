using System.Text.Json;
using GtCustomPose.Core.Pre;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Tests.Pre;

/// <summary>
/// What PreAnnotation hands the worker page beyond crowd-2d-skeleton's inputs: sides, facing, visibility, audit
/// hints.
/// </summary>
public class TaskInputForPageTests
{
    private static readonly PreAnnotationSettings Settings = new(Rig.Coco17, ChainedLabelAttribute: "pose");

    private static TaskInput Map(string dataObject) => PreAnnotationMapper.Map(
        Fixtures.Json($$"""{"labelingJobArn": "arn:job", "dataObject": {{dataObject}}}"""), Settings).TaskInput;

    private static JsonElement Serialized(TaskInput input) =>
        JsonSerializer.SerializeToElement(input, CoreJsonContext.Default.TaskInput);

    private const string Audit = """
        {"reasons": ["low_confidence", "left_right_contradicts_face"],
         "doubtful": [{"instance": "skeleton_1", "reasons": ["low_confidence"],
        """ + """
         "keypoints": ["left_wrist", "right_wrist"]}],
         "source_job": "level1-job-name", "label_attribute": "pose"}
        """;

    [Fact]
    public void Map_AuditLine_PassesItsAuditObjectThroughAsIs()
    {
        var input = Map($$"""{"source-ref": "s3://b/a.png", "gtpose-audit": {{Audit}}}""");
        var audit = Serialized(input).GetProperty("audit");
        JsonElement.DeepEquals(audit, Fixtures.Json(Audit)).Should().BeTrue(audit.GetRawText());
    }

    [Fact]
    public void Map_LineWithoutAudit_HasNoAuditKey() =>
        Serialized(Map("""{"source-ref": "s3://b/a.png"}""")).TryGetProperty("audit", out _).Should().BeFalse();

    [Theory]
    [InlineData("[\"low_confidence\"]")]
    [InlineData("\"qa_sample\"")]
    public void Map_AuditNotAnObject_FailsNamingTheField(string audit) =>
        FluentActions.Invoking(() => Map($$"""{"source-ref": "s3://b/a.png", "gtpose-audit": {{audit}}}"""))
            .Should().Throw<DataObjectException>().WithMessage("*s3://b/a.png*'gtpose-audit'*expected an object*");

    [Fact]
    public void Map_KeypointClasses_NameTheSubjectsSideOfPairedKeypoints()
    {
        var classes = Map("""{"source-ref": "s3://b/a.png"}""").KeypointClasses;
        classes.Single(k => k.Label == "nose").Side.Should().BeNull();
        classes.Single(k => k.Label == "left_wrist").Side.Should().Be("left");
        classes.Single(k => k.Label == "right_ankle").Side.Should().Be("right");
        var json = Serialized(Map("""{"source-ref": "s3://b/a.png"}""")).GetProperty("keypoint_classes");
        json[0].TryGetProperty("side", out _).Should().BeFalse("a centre keypoint has no side");
        json[0].TryGetProperty("mirror", out _).Should().BeFalse("nor a mirror partner");
        json[1].GetProperty("mirror").GetString().Should().Be("right_eye", "the page's flip exchanges the two");
    }

    [Fact]
    public void Map_RigWithExplicitPairs_TakesSidesAndMirrorsFromThePairs()
    {
        var rig = new Rig(
            "paws",
            [new KeypointClass("paw_a", "#111111", 0.05), new KeypointClass("paw_b", "#222222", 0.05)],
            [],
            [("paw_b", "paw_a")]);
        var input = PreAnnotationMapper.Map(
                Fixtures.Json("""{"dataObject": {"source-ref": "s3://b/a.png"}}"""),
                new PreAnnotationSettings(rig))
            .TaskInput;
        input.KeypointClasses.Select(k => k.Side).Should().Equal("right", "left");
        input.KeypointClasses.Select(k => k.Mirror).Should().Equal("paw_b", "paw_a");
    }

    [Fact]
    public void From_InstanceWithFacingAndVisibility_KeepsThemForThePage()
    {
        var instance = new SkeletonInstance(
            "p",
            [new Keypoint("nose", 1, 2, true), new Keypoint("left_knee", 3, 4, false), new Keypoint("left_hip", 5, 6)],
            Facing.Back);
        var value = InitialValue.From(instance);
        value.Facing.Should().Be("back");
        value.Annotations.Should().Equal(
            new InitialPoint("nose", 1, 2, true),
            new InitialPoint("left_knee", 3, 4, false),
            new InitialPoint("left_hip", 5, 6));
        InitialValue.From(instance with { Facing = Facing.Unknown }).Facing.Should().BeNull("unknown is not stated");
        var json = JsonSerializer.SerializeToElement(value, CoreJsonContext.Default.InitialValue);
        json.GetProperty("annotations")[2].TryGetProperty("visible", out _).Should()
            .BeFalse("a point that does not say is written without it");
    }

    [Fact]
    public void Map_PreLabelsWithFacingAndVisible_ReachTheInitialValues()
    {
        var input = Map("""
            {"source-ref": "s3://b/a.png", "annotations": [{"name": "runner", "facing": "side",
              "annotations": [{"label": "nose", "x": 10, "y": 20, "visible": true},
            """ + """
             {"label": "left_hip", "x": 30, "y": 40, "visible": false}]}]}
            """);
        var initial = input.InitialValues.Should().ContainSingle().Subject;
        initial.Facing.Should().Be("side");
        initial.Annotations.Select(a => a.Visible).Should().Equal(true, false);
        input.InitialKeypoints.Should().OnlyContain(
            p => p.Visible == null,
            "crowd-keypoint's initial-value keeps its own shape");
    }

    [Fact]
    public void Map_ChainedLabelWithFacingAndVisible_ReachesTheInitialValues()
    {
        var input = Map("""
            {"source-ref": "s3://b/a.png", "pose": {"instances": [{"name": "skeleton_1", "facing": "front",
              "keypoints": [{"label": "nose", "x": 10, "y": 20, "confidence": 0.9, "votes": 3, "visible": false}]}]}}
            """);
        input.InitialValuesSource.Should().Be("chained-label");
        var initial = input.InitialValues.Should().ContainSingle().Subject;
        initial.Facing.Should().Be("front");
        initial.Annotations.Should().Equal(new InitialPoint("nose", 10, 20, false));
    }
}
