using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Tests.Answers;

public class LoneSurrogateTests
{
    [Theory]
    [InlineData(
        """{"updated_annotations": "[{\"name\": \"\\ud800\", \"annotations\":""" +
        """ [{\"label\": \"nose\", \"x\": 1, \"y\": 2}]}]"}""")]
    [InlineData(
        """{"updated_annotations": "[{\"name\": \"a\", \"annotations\":""" +
        """ [{\"label\": \"nose\\udc00\", \"x\": 1, \"y\": 2}]}]"}""")]
    [InlineData("""{"updated_annotations": "\ud800[]"}""")]
    [InlineData("""{"updated_annotations": [{"name": "\ud800", "annotations": []}]}""")]
    public void Parse_LoneSurrogateEscapes_NeverThrow(string content)
    {
        var act = () => AnswerParser.Parse("w1", content, Rig.Coco17);
        act.Should().NotThrow();
    }
}
