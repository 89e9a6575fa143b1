using GtCustomPose.Core.Pre;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Testing;

namespace GtCustomPose.Core.Tests.Pre;

public class PreAnnotationMapperTests
{
    private static readonly PreAnnotationSettings Settings = new(Rig.Coco17);

    private static PreAnnotationResponse Map(string fixture, PreAnnotationSettings? settings = null) =>
        PreAnnotationMapper.Map(Fixtures.Json(TestEvents.Read(fixture)), settings ?? Settings);

    [Fact]
    public void Map_SkeletonPreLabels_BecomeInitialValues()
    {
        var r = Map("pre-annotation-skeleton-prelabels.json");
        r.IsHumanAnnotationRequired.Should().BeTrue();
        r.TaskInput.ImageS3Uri.Should().Be("s3://bucket/images/0001.jpg");
        r.TaskInput.ImageName.Should().Be("0001.jpg");
        r.TaskInput.InitialValuesSource.Should().Be("pre-labels");
        var initial = r.TaskInput.InitialValues.Should().ContainSingle().Subject;
        initial.Name.Should().Be("runner");
        initial.Annotations.Should()
            .Equal(new InitialPoint("nose", 310, 122), new InitialPoint("left_wrist", 280.5, 300));
    }

    [Fact]
    public void Map_KeypointStylePreLabels_BecomeOneSkeleton()
    {
        var r = Map("pre-annotation-keypoint-prelabels.json");
        r.TaskInput.InitialValues.Should().ContainSingle().Which.Annotations.Should().HaveCount(2);
    }

    [Fact]
    public void Map_NoAnnotations_IsNormalAndHasEmptyInitialValues()
    {
        var r = Map("pre-annotation-no-annotations.json");
        r.TaskInput.InitialValues.Should().BeEmpty();
        r.TaskInput.InitialValuesSource.Should().Be("none");
    }

    [Fact]
    public void Map_Always_CarriesTheRigForTheTemplate()
    {
        var r = Map("pre-annotation-no-annotations.json");
        r.TaskInput.KeypointClasses.Should().HaveCount(17);
        r.TaskInput.KeypointClasses[1].Should()
            .Be(new KeypointClassInput("1", "#1f77b4", "left_eye", 0, 0, "left", "right_eye"));
        r.TaskInput.KeypointClasses[0].Mirror.Should().BeNull("the nose has no flip partner");
        r.TaskInput.SkeletonRig.Should().HaveCount(19)
            .And.ContainEquivalentOf(new[] { "left_ankle", "left_knee", "#1f77b4" });
        r.TaskInput.Labels.Should().HaveCount(17);
        r.TaskInput.RigName.Should().Be("coco-person-17");
    }

    [Fact]
    public void Map_InlineSource_UsesItAsTheImage()
    {
        var r = Map("pre-annotation-inline-source.json");
        r.TaskInput.ImageS3Uri.Should().BeNull();
        r.TaskInput.ImageSource.Should().Be("https://example.com/image.png");
    }

    [Fact]
    public void Map_ChainedJob_TakesTheEarlierConsolidatedLabel()
    {
        var r = Map("pre-annotation-chained.json", Settings with { ChainedLabelAttribute = "pose" });
        r.TaskInput.InitialValuesSource.Should().Be("chained-label");
        r.TaskInput.InitialValues.Single().Annotations.Single().Should().Be(new InitialPoint("nose", 311.5, 120.0));
        r.IsHumanAnnotationRequired.Should().BeTrue();
    }

    [Fact]
    public void Map_ChainedLabelNotNeedingReview_SkipsTheHumanTaskWhenAuditingOnlyFlaggedObjects()
    {
        Map(
                "pre-annotation-chained.json",
                Settings with { ChainedLabelAttribute = "pose", OnlyObjectsNeedingReview = true })
            .IsHumanAnnotationRequired.Should().BeFalse();
    }

    [Fact]
    public void Map_ChainedAttributeNotConfigured_IgnoresIt()
    {
        Map("pre-annotation-chained.json").TaskInput.InitialValues.Should().BeEmpty();
    }

    [Fact]
    public void Map_NoImage_ErrorNamesTheKeysAndTheJob()
    {
        var act = () => Map("pre-annotation-no-image.json");
        act.Should().Throw<DataObjectException>().Which.Message.Should()
            .Contain("labeling-job/pose").And.Contain("keys: image, annotations").And.Contain("source-ref");
    }

    [Theory]
    [InlineData("""{"labelingJobArn": "arn:job"}""", "no 'dataObject'")]
    [InlineData("""{"dataObject": {"source-ref": 5}}""", "'source-ref' is 5")]
    [InlineData("""{"dataObject": {"source-ref": "https://x/y.png"}}""", "expected an s3://bucket/key string")]
    [InlineData("""{"dataObject": {"source-ref": "s3://b/k.png", "annotations": "yes"}}""", "'annotations' is \"yes\"")]
    [InlineData(
        """{"dataObject": {"source-ref": "s3://b/k.png", "annotations": [{"label": "tail", "x": 1, "y": 2}]}}""",
        "'tail' is not in the rig")]
    [InlineData(
        """{"dataObject": {"source-ref": "s3://b/k.png", "annotations": [{"label": "nose", "x": "NaN", "y": 2}]}}""",
        "not a finite number")]
    [InlineData("""{"dataObject": {"source-ref": "s3://b/k.png", "bounding_box": {"left": 1}}}""", "bounding_box.top")]
    [InlineData("""[]""", "no 'dataObject'")]
    public void Map_BadInput_ErrorNamesTheField(string json, string expected)
    {
        var act = () => PreAnnotationMapper.Map(Fixtures.Json(json), Settings);
        act.Should().Throw<DataObjectException>().Which.Message.Should().Contain(expected);
    }

    [Fact]
    public void Map_BoundingBoxAsWidthHeight_BecomesLeftTopRightBottom()
    {
        var r = PreAnnotationMapper.Map(
            Fixtures.Json(
                """{"dataObject": {"source-ref": "s3://b/k.png",""" +
                """ "bounding_box": {"left": 10, "top": 20, "width": 30, "height": 40}}}"""),
            Settings);
        r.TaskInput.SkeletonBoundingBox.Should().Be(new SkeletonBoundingBox(10, 20, 40, 60));
    }

    [Fact]
    public void Map_AnyVersionString_IsAccepted()
    {
        var r = PreAnnotationMapper.Map(
            Fixtures.Json("""{"version": "2099-01-01", "dataObject": {"source-ref": "s3://b/k.png"}}"""),
            Settings);
        r.IsHumanAnnotationRequired.Should().BeTrue();
    }
}
