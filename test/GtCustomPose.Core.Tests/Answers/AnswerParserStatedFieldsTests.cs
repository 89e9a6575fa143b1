using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Tests.Fixtures;

namespace GtCustomPose.Core.Tests.Answers;

/// <summary>
/// What the worker page states beyond the points: visibility, facing, the image size (issue 14, issue 16).
/// </summary>
public class AnswerParserStatedFieldsTests
{
    private static WorkerAnswer Parse(string content) => AnswerParser.Parse("w1", content, Rig.Coco17);

    private static readonly SkeletonInstance TwoPeople0 = new("person_1",
        [new Keypoint("nose", 311.5, 120.25, true), new Keypoint("left_eye", 318, 115, false)], Facing.Front);

    private static readonly SkeletonInstance TwoPeople1 = new("person_2",
        [new Keypoint("left_hip", 40.75, 300, true)], Facing.Back);

    [Fact]
    public void Parse_PageForm_ReadsVisibleAndFacing()
    {
        var a = Parse(FormAnswer(PageList(TwoPeople0, TwoPeople1)));

        a.Problems.Should().BeEmpty();
        a.Instances.Should().BeEquivalentTo([TwoPeople0, TwoPeople1], o => o.WithStrictOrdering());
        a.Instances[0].Keypoints.Select(k => k.Visible).Should().Equal(true, false);
        a.Instances.Select(i => i.Facing).Should().Equal(Facing.Front, Facing.Back);
    }

    [Fact]
    public void TryScanCompact_PageForm_ReadsItWithoutTheReader()
    {
        var list = PageList(
            TwoPeople0,
            TwoPeople1 with { Facing = Facing.Side },
            new SkeletonInstance("p3", [], Facing.Unknown));

        var scanned = SkeletonListReader.TryScanCompact(System.Text.Encoding.UTF8.GetBytes(list), Rig.Coco17, null);

        scanned.Should().NotBeNull("the page's own form is the hot path").And.BeEquivalentTo(
            [TwoPeople0, TwoPeople1 with { Facing = Facing.Side }, new SkeletonInstance("p3", [], Facing.Unknown)],
            o => o.WithStrictOrdering());
    }

    [Theory]
    [InlineData(
        """[{"annotations": [{"visible": false, "y": 2, "x": 1, "label": "nose"}], "facing": "back", "name": "a"}]""")]
    [InlineData("""[{"name":"a","facing":"back","annotations":[{"label":"nose","x":1,"y":2,"visible":false}]}]""")]
    [InlineData("""[{"name":"a","facing":"b\u0061ck","annotations":[{"label":"nose","x":1,"y":2,"visible":false}]}]""")]
    public void Parse_AnyKeyOrderOrForm_ReadsTheSameVisibleAndFacing(string list)
    {
        var expected = new SkeletonInstance("a", [new Keypoint("nose", 1, 2, false)], Facing.Back);
        var asText = Parse(FormAnswer(list));
        var asArray = Parse($$"""{"updated_annotations": {{list}}}""");

        asText.Instances.Should().BeEquivalentTo([expected]);
        asArray.Instances.Should().BeEquivalentTo([expected]);
        asText.Problems.Should().BeEmpty();
    }

    [Fact]
    public void Parse_OlderAnswerWithoutThem_ReadsAsBefore()
    {
        var a = Parse(FormAnswer("""[{"name":"a","annotations":[{"label":"nose","x":1,"y":2}]}]"""));

        a.Instances.Single().Facing.Should().Be(Facing.Unknown);
        a.Instances.Single().Keypoints.Single().Should().Be(new Keypoint("nose", 1, 2));
        a.Instances.Single().Keypoints.Single().Visible.Should().BeNull();
        a.Problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData("\"yes\"", "\"yes\"")]
    [InlineData("1", "1")]
    [InlineData("null", "null")]
    [InlineData("{}", "{}")]
    public void Parse_VisibleNotABoolean_KeepsThePointAndListsIt(string visible, string quoted)
    {
        var a = Parse(FormAnswer(
            $$"""[{"name":"a","annotations":[{"label":"nose","x":1,"y":2,"visible":{{visible}}},""" +
            """{"label":"left_eye","x":3,"y":4}]}]"""));

        a.IsUsable.Should().BeTrue();
        a.Instances.Single().Keypoints.Should().Equal(new Keypoint("nose", 1, 2), new Keypoint("left_eye", 3, 4));
        a.Problems.Should().ContainSingle().Which.Should()
            .Be($"updated_annotations[0].annotations[0].visible: {quoted} is not true or false; ignored ('nose')");
    }

    [Theory]
    [InlineData("\"left\"")]
    [InlineData("\"Front\"")]
    [InlineData("2")]
    [InlineData("null")]
    public void Parse_FacingNotOneOfTheWords_KeepsTheSkeletonAndListsIt(string facing)
    {
        var a = Parse(FormAnswer(
            $$"""[{"name":"a","facing":{{facing}},"annotations":[{"label":"nose","x":1,"y":2}]}]"""));

        a.Instances.Single().Should()
            .BeEquivalentTo(new SkeletonInstance("a", [new Keypoint("nose", 1, 2)], Facing.Unknown));
        a.Problems.Should().ContainSingle().Which.Should()
            .StartWith($"updated_annotations[0].facing: {facing} is not one of")
            .And.Contain("\"front\", \"back\", \"side\" or \"unknown\"");
    }

    [Fact]
    public void Read_ConsolidatedLabel_ReadsItsFacingAndVisibility()
    {
        // A chained job reads an earlier job's label back as initial values, with what it says about sides and
        // occlusion.
        var label = Json(
            """{"instances": [{"name": "skeleton_1", "facing": "back", "keypoints":""" +
            """ [{"label": "nose", "x": 1, "y": 2, "visible": false, "confidence": 0.9}]}]}""");
        var problems = new List<string>();

        var read = InstanceReader.Read(label, Rig.Coco17, "pose", problems);

        read.Should().BeEquivalentTo(
            [new SkeletonInstance("skeleton_1", [new Keypoint("nose", 1, 2, false)], Facing.Back)]);
        problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("\" \\n\\t \"")]
    public void Parse_UpdatedAnnotationsBlank_IsUnreadableNotNobodyInTheImage(string updated)
    {
        var a = Parse(
            $$"""{"updated_annotations": {{updated}}, "original_annotations": "[]", "no_changes_needed": false}""");

        a.IsUsable.Should().BeFalse();
        a.Problems.Single().Should().Contain("updated_annotations is an empty string")
            .And.Contain("[] would say nobody");
    }

    [Theory]
    [InlineData("\"not json\"")]
    [InlineData("\"[{\\\"name\\\": \"")]
    [InlineData("null")]
    [InlineData("true")]
    public void Parse_UpdatedAnnotationsNotJsonOrNotAList_IsUnreadable(string updated)
    {
        var a = Parse($$"""{"updated_annotations": {{updated}}}""");

        a.IsUsable.Should().BeFalse();
        a.Problems.Single().Should().Contain("updated_annotations is not a list of skeletons");
    }

    [Theory]
    [InlineData("\"[]\"")]
    [InlineData("[]")]
    [InlineData("\" [ ] \"")]
    public void Parse_UpdatedAnnotationsEmptyList_SaysNobodyIsInTheImage(string updated)
    {
        var a = Parse($$"""{"updated_annotations": {{updated}}, "original_annotations": ""}""");

        a.IsUsable.Should().BeTrue();
        a.Instances.Should().BeEmpty();
        a.Problems.Should().BeEmpty();
        a.WasModified.Should().BeFalse("blank originals are no initial values, and nothing was placed");
    }

    [Theory]
    [InlineData("\"wide\"", "720", "image_width: \"wide\" is not a number of pixels")]
    [InlineData("{}", "720", "image_width: {} is not a number of pixels")]
    [InlineData("1280", "0", "image_height: 0 is not a number of pixels")]
    [InlineData("1280", "-5", "image_height: -5 is not a number of pixels")]
    [InlineData("1e7", "720", "image_width: 1e7 is not a number of pixels")]
    public void Parse_ImageSizeNotANumber_ListsItAndKeepsTheAnswer(string width, string height, string problem)
    {
        var a = Parse($$"""{"updated_annotations": "[]", "image_width": {{width}}, "image_height": {{height}}}""");

        a.IsUsable.Should().BeTrue();
        a.ImageSize.Should().BeNull();
        a.Problems.Should().ContainSingle().Which.Should().StartWith(problem);
    }

    [Theory]
    [InlineData("""{"updated_annotations": "[]", "image_width": 1280, "image_height": "720"}""")]
    [InlineData("""{"updated_annotations": "[]", "image_size": {"width": 1280, "height": 720}}""")]
    public void Parse_ImageSizeAsNumbers_IsReadWithoutProblems(string content)
    {
        var a = Parse(content);

        a.ImageSize.Should().Be(new ImageSize(1280, 720));
        a.Problems.Should().BeEmpty();
    }

    [Fact]
    public void Parse_CrowdKeypointImageSizeNotANumber_ListsIt()
    {
        var a = Parse(
            """{"kp": {"annotatedResult": {"inputImageProperties": {"width": "x", "height": 720},""" +
            """ "keypoints": []}}}""");

        a.Problems.Should().ContainSingle().Which.Should()
            .StartWith("inputImageProperties.width: \"x\" is not a number");
    }
}
