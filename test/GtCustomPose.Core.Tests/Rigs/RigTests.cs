using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Tests.Rigs;

public class RigTests
{
    [Fact]
    public void Coco17_Default_HasCocoKeypointsSigmasAndFlipPairs()
    {
        var rig = Rig.Coco17;
        rig.Count.Should().Be(17);
        rig.Keypoints[0].Label.Should().Be("nose");
        rig.Sigmas[11].Should().Be(0.107);
        rig.Edges.Should().HaveCount(19);
        rig.FlipIndex[rig.IndexOf("left_wrist")].Should().Be(rig.IndexOf("right_wrist"));
        rig.FlipIndex[rig.IndexOf("nose")].Should().Be(rig.IndexOf("nose"));
        rig.Keypoints.Single(k => k.Label == "left_knee").Color.Should()
            .NotBe(rig.Keypoints.Single(k => k.Label == "right_knee").Color);
    }

    [Fact]
    public void Parse_CustomRigWithBareLabels_FillsColoursSigmasAndDerivedPairs()
    {
        var rig = RigParser.Parse("""
            {"name": "dog", "keypoints": ["snout", "LeftEar", "RightEar",
            """ + """
             {"label": "tail", "color": "#abc", "sigma": 0.1}],
             "edges": [["snout", "LeftEar"], ["snout", "RightEar", "#123456"]]}
            """, "dog.json");
        rig.Name.Should().Be("dog");
        rig.Sigmas.Should().Equal(RigParser.DefaultSigma, RigParser.DefaultSigma, RigParser.DefaultSigma, 0.1);
        rig.FlipPairs.Should().Equal(("LeftEar", "RightEar"));
        rig.Edges[1].Color.Should().Be("#123456");
        rig.Keypoints[3].Color.Should().Be("#abc");
    }

    [Theory]
    [InlineData("""{"keypoints": ["a", "a"]}""", "duplicate keypoint label 'a'")]
    [InlineData("""{"keypoints": ["a", "b"], "edges": [["a", "c"]]}""", "edge [a, c] names unknown label 'c'")]
    [InlineData("""{"keypoints": [{"label": "a", "color": "red"}]}""", "colour 'red'")]
    [InlineData("""{"keypoints": [{"label": "a", "sigma": -1}]}""", "sigma -1")]
    [InlineData("""{"keypoints": []}""", "has no keypoints")]
    [InlineData("""{"keypoints": ["a"], "flip_pairs": [["a", "z"]]}""", "unknown label 'z'")]
    [InlineData("""{"edges": []}""", "'keypoints' must be an array")]
    [InlineData("""not json""", "not valid JSON")]
    public void Parse_InvalidRig_ThrowsMessageNamingTheProblem(string json, string expected)
    {
        var act = () => RigParser.Parse(json, "rig.json");
        act.Should().Throw<RigException>().Which.Message.Should().Contain(expected).And.Contain("rig");
    }
}
