using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Tests.Answers;

public class AnswerParserTests
{
    private static WorkerAnswer Parse(string fixture) =>
        AnswerParser.Parse("w1", Fixtures.Read("answers/" + fixture), Rig.Coco17);

    [Fact]
    public void Parse_CrowdKeypoint_ReadsKeypointsAndImageSize()
    {
        var a = Parse("crowd-keypoint.json");
        a.Format.Should().Be(AnswerFormat.CrowdKeypoint);
        a.ImageSize.Should().Be(new ImageSize(1280, 720));
        a.Instances.Should().ContainSingle().Which.Keypoints.Should().Equal(
            new Keypoint("nose", 310, 122), new Keypoint("left_eye", 318, 115), new Keypoint("right_eye", 302, 116));
        a.Problems.Should().BeEmpty();
    }

    [Fact]
    public void Parse_CrowdKeypointUnderAnyElementName_ReadsIt()
    {
        var a = Parse("crowd-keypoint-custom-name.json");
        a.Format.Should().Be(AnswerFormat.CrowdKeypoint);
        a.Instances.Single().Keypoints.Single().Should().Be(new Keypoint("nose", 10.5, 20.25));
    }

    [Fact]
    public void Parse_Crowd2dSkeletonWithJsonStrings_ReadsSkeletonsAndFormFields()
    {
        var a = Parse("crowd-2d-skeleton.json");
        a.Format.Should().Be(AnswerFormat.Crowd2dSkeleton);
        a.Instances.Select(i => i.Name).Should().Equal("skeleton_1", "skeleton_2");
        a.Instances[0].Keypoints.Should().HaveCount(2);
        a.NoChangesNeeded.Should().BeTrue();
        a.TotalTimeInSeconds.Should().Be(42);
    }

    [Fact]
    public void Parse_OriginalsWithOtherSpacing_WasModifiedIsFalse()
    {
        // The public sample compared JSON text, so different spacing read as a change.
        Parse("crowd-2d-skeleton.json").WasModified.Should().BeFalse();
    }

    [Fact]
    public void Parse_Crowd2dSkeletonAsArrays_ReadsThemAndDetectsTheMove()
    {
        var a = Parse("crowd-2d-skeleton-array.json");
        a.Instances.Single().Name.Should().Be("a");
        a.WasModified.Should().BeTrue();
        a.ImageSize.Should().Be(new ImageSize(1280, 720));
        a.NoChangesNeeded.Should().BeFalse();
    }

    [Fact]
    public void Parse_BadPoints_KeepsGoodOnesAndReportsEachBadOne()
    {
        var a = Parse("bad-points.json");
        a.IsUsable.Should().BeTrue();
        a.Instances.Single().Keypoints.Should().Equal(new Keypoint("nose", 1, 2));
        a.Problems.Should().HaveCount(7);
        a.Problems.Should().Contain(p => p.Contains("'tail' is not in the rig"));
        a.Problems.Should().Contain(p => p.Contains("not a finite number") && p.Contains("left_eye"));
        a.Problems.Should().Contain(p => p.Contains("'x' is missing"));
        a.Problems.Should().Contain(p => p.Contains("placed twice"));
        a.Problems.Should().Contain(p => p.Contains("far outside the 100x100 image"));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1,2]", "expected an object")]
    [InlineData("""{"something": {"else": 1}}""", "neither the crowd-keypoint nor the crowd-2d-skeleton format")]
    [InlineData("""{"updated_annotations": "not json"}""", "updated_annotations is not a list")]
    [InlineData("""{"updated_annotations": 5}""", "updated_annotations is not a list")]
    public void Parse_Unreadable_ReturnsUnreadableWithReason(string content, string reason)
    {
        var a = AnswerParser.Parse("w1", content, Rig.Coco17);
        a.IsUsable.Should().BeFalse();
        a.Problems.Single().Should().Contain(reason);
    }

    [Fact]
    public void Parse_Utf8WithByteOrderMark_ReadsTheAnswer()
    {
        var bytes = System.Text.Encoding.UTF8.GetPreamble()
            .Concat(System.Text.Encoding.UTF8.GetBytes(Fixtures.Read("answers/crowd-keypoint.json")))
            .ToArray();
        var a = AnswerParser.Parse("w1", bytes, Rig.Coco17);
        a.IsUsable.Should().BeTrue();
        a.Instances.Single().Keypoints.Should().HaveCount(3);
    }

    [Fact]
    public void Parse_DeeplyNestedJson_IsUnreadableNotAStackOverflow()
    {
        var content = """{"updated_annotations": """ + new string('[', 5000) + new string(']', 5000) + "}";
        AnswerParser.Parse("w1", content, Rig.Coco17).IsUsable.Should().BeFalse();
    }

    [Fact]
    public void Parse_HugeAnswer_IsUnreadableWithTheLimit()
    {
        var content = """{"x": """ + "\"" + new string('a', AnswerParser.MaxAnswerBytes) + "\"}";
        AnswerParser.Parse("w1", content, Rig.Coco17).Problems.Single().Should().Contain("limit");
    }

    [Fact]
    public void Parse_TooManyInstances_ReadsTheLimitAndReports()
    {
        var many = string.Join(
            ",",
            Enumerable.Range(0, InstanceReader.MaxInstances + 5).Select(i =>
                $$"""{"name": "s{{i}}", "annotations": [{"label": "nose", "x": {{i}}, "y": 1}]}"""));
        var a = AnswerParser.Parse("w1", $$"""{"updated_annotations": [{{many}}]}""", Rig.Coco17);
        a.Instances.Should().HaveCount(InstanceReader.MaxInstances);
        a.Problems.Should().ContainSingle(p => p.Contains($"only the first {InstanceReader.MaxInstances}"));
    }
}
