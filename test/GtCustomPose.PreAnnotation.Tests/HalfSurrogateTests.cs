using System.Text;
using GtCustomPose.Core;
using GtCustomPose.Core.Pre;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.PreAnnotation.Tests;

public class HalfSurrogateTests
{
    private const string Head = """{"version": "2018-10-16", "labelingJobArn": "arn:job", "dataObject": """;

    [Theory]
    [InlineData(Head + """{"source-ref": "s3://b/\ud800.png"}}""")]
    [InlineData(Head + """{"source-ref": "s3://b/a.png", "pose": """
        + """{"instances": [{"name": "\udc00", "keypoints": []}]}}}""")]
    public async Task FunctionHandler_HalfSurrogateEscape_ThrowsDataObjectException(string evt)
    {
        var function = new Function(new PreAnnotationSettings(Rig.Coco17, "pose"));
        var act = () => function.FunctionHandler(new MemoryStream(Encoding.UTF8.GetBytes(evt)));
        (await act.Should().ThrowAsync<DataObjectException>()).Which.Message.Should().Contain("not valid Unicode");
    }
}
