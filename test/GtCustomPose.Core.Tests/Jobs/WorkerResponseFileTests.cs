using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Tests.Jobs;

public class WorkerResponseFileTests
{
    private const string Answer =
        """{"updated_annotations": "[{\"name\":\"person_1\",\"facing\":\"front\",\"annotations\":""" +
        """[{\"label\":\"nose\",\"x\":10,\"y\":20,\"visible\":true}]}]", "image_width": 640, "image_height": 480}""";

    [Fact]
    public void Create_ThenParse_GivesTheWorkerAndTheirSkeleton()
    {
        var accepted = new DateTimeOffset(2026, 12, 2, 15, 0, 1, TimeSpan.Zero);
        var file = WorkerResponseFile.Create("private.us-west-2.abc", Answer, accepted, accepted.AddSeconds(40.5));

        using (var doc = JsonDocument.Parse(file))
        {
            var entry = doc.RootElement.GetProperty("answers")[0];
            entry.GetProperty("acceptanceTime").GetString().Should().Be("2026-12-02T15:00:01.000Z");
            entry.GetProperty("submissionTime").GetString().Should().Be("2026-12-02T15:00:41.500Z");
            entry.GetProperty("timeSpentInSeconds").GetDouble().Should().Be(40.5);
            entry.GetProperty("answerContent").ValueKind.Should().Be(JsonValueKind.Object);
            entry.GetProperty("workerMetadata").ValueKind.Should().Be(JsonValueKind.Null);
        }

        var answers = WorkerResponseFile.Parse(file, Rig.Coco17, "f.json");
        answers.Should().ContainSingle();
        answers[0].WorkerId.Should().Be("private.us-west-2.abc");
        answers[0].Format.Should().Be(AnswerFormat.Crowd2dSkeleton);
        answers[0].Instances.Should().ContainSingle().Which.Keypoints.Should()
            .ContainSingle(k => k.Label == "nose" && k.X == 10 && k.Y == 20);
    }

    [Fact]
    public void Create_AnswerThatIsNotJson_KeptAsAStringAndReadBackUnreadable()
    {
        var at = new DateTimeOffset(2026, 12, 2, 15, 0, 1, TimeSpan.Zero);
        var file = WorkerResponseFile.Create("w1", "{not json", at, at);

        using (var doc = JsonDocument.Parse(file))
        {
            doc.RootElement.GetProperty("answers")[0].GetProperty("answerContent").GetString().Should().Be("{not json");
        }
        WorkerResponseFile.Parse(file, Rig.Coco17, "f.json").Should()
            .ContainSingle(a => !a.IsUsable && a.WorkerId == "w1");
    }

    [Fact]
    public void Parse_AnswerContentAsAString_ReadsItLikeThePayloadsContent()
    {
        var text = $$"""{"answers": [{"workerId": "w1", "answerContent": {{JsonSerializer.Serialize(Answer)}}}]}""";
        WorkerResponseFile.Parse(Encoding.UTF8.GetBytes(text), Rig.Coco17, "f.json").Should()
            .ContainSingle(a => a.IsUsable && a.WorkerId == "w1");
    }

    [Fact]
    public void Parse_TwoEntries_TwoAnswers()
    {
        var text =
            $$"""{"answers": [{"workerId": "w1", "answerContent": {{Answer}}},""" +
            $$""" {"workerId": "w2", "answerContent": {{Answer}}}]}""";
        WorkerResponseFile.Parse(Encoding.UTF8.GetBytes(text), Rig.Coco17, "f.json").Select(a => a.WorkerId)
            .Should().Equal("w1", "w2");
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "not a worker response")]
    [InlineData("""{"answers": []}""", "empty")]
    [InlineData("""{"answers": [{"answerContent": {}}]}""", "no workerId")]
    [InlineData("""{"answers": [{"workerId": "w9"}]}""", "no answerContent")]
    public void Parse_BadFile_OneUnreadableAnswerNamingTheFileAndTheProblem(string text, string problem)
    {
        var answers = WorkerResponseFile.Parse(Encoding.UTF8.GetBytes(text), Rig.Coco17, "s3://b/job/x.json");
        answers.Should().ContainSingle();
        answers[0].IsUsable.Should().BeFalse();
        answers[0].Problems.Should().ContainSingle().Which.Should().Contain("s3://b/job/x.json").And.Contain(problem);
    }
}
