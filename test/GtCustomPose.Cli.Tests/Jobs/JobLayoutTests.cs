using System.Text.Json;
using GtCustomPose.Cli.Jobs;

namespace GtCustomPose.Cli.Tests.Jobs;

public sealed class JobLayoutTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 15, 0, 41, TimeSpan.Zero);
    private readonly JobLayout _layout = new("bucket", "my-job");

    [Fact]
    public void Paths_UnderTheJobName_AsTheDeveloperGuideLaysThemOut()
    {
        _layout.JobOutput.Should().Be("s3://bucket/my-job/");
        _layout.WorkerResponses.Should().Be("s3://bucket/my-job/annotations/worker-response/iteration-1/");
        const string Consolidated = "s3://bucket/my-job/annotations/consolidated-annotation/";
        _layout.WorkerResponse("17", At).ToString()
            .Should().Be("s3://bucket/my-job/annotations/worker-response/iteration-1/17/2026-12-02_15:00:41.json");
        _layout.ConsolidationRequest(At).ToString()
            .Should().Be(Consolidated + "consolidation-request/iteration-1/2026-12-02_15:00:41.json");
        _layout.ConsolidationResponse(At).ToString()
            .Should().Be(Consolidated + "consolidation-response/iteration-1/2026-12-02_15:00:41.json");
        _layout.OutputManifest.ToString().Should().Be("s3://bucket/my-job/manifests/output/output.manifest");
    }

    [Fact]
    public void WorkerResponseFile_AnswerAsObject_WithTimesFromTheAnswer()
    {
        var file = JobLayout.WorkerResponseFile(
            "private.w1", """{"updated_annotations": "[]", "total_time_in_seconds": 40}""", At);
        var answer = JsonDocument.Parse(file).RootElement.GetProperty("answers").EnumerateArray().Single();
        answer.GetProperty("workerId").GetString().Should().Be("private.w1");
        answer.GetProperty("answerContent").GetProperty("updated_annotations").GetString().Should().Be("[]");
        answer.GetProperty("submissionTime").GetString().Should().Be("2026-12-02T15:00:41.000Z");
        answer.GetProperty("acceptanceTime").GetString().Should().Be("2026-12-02T15:00:01.000Z");
        answer.GetProperty("timeSpentInSeconds").GetDouble().Should().Be(40);
        answer.GetProperty("workerMetadata").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public void WorkerResponseFile_AnswerThatIsNotJson_KeptAsAString()
    {
        var file = JobLayout.WorkerResponseFile("w1", "this is not json", At);
        var answer = JsonDocument.Parse(file).RootElement.GetProperty("answers")[0];
        answer.GetProperty("answerContent").GetString().Should().Be("this is not json");
        answer.GetProperty("timeSpentInSeconds").GetDouble().Should().Be(0);
    }
}
