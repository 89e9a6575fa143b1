using GtCustomPose.Core.Exports;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Core.Tests.Jobs;

public class AnswerCountsTests
{
    [Fact]
    public void Of_RetriesBeforeTheRun_CountsOnlyThisRunsRetries()
    {
        var retries = new RetryCounts();
        retries.Retried.Add("SlowDown");
        retries.Retried.Add("connection");
        var before = RetrySnapshot.Of(retries);
        retries.Retried.Add("SlowDown");
        retries.Retried.Add("SlowDown");

        var counts = AnswerCounts.Of(30, new Dictionary<string, int> { ["NoSuchKey"] = 2 }, retries, before);

        counts.Listed.Should().Be(30);
        counts.Read.Should().Be(28);
        counts.Retried.Should().Equal(new Dictionary<string, int> { ["SlowDown"] = 2 });
        counts.GivenUp.Should().BeEmpty();
    }

    [Fact]
    public void Plus_TwoShards_AddsCauseByCause()
    {
        var a = new AnswerCounts(
            10, 9, new Dictionary<string, int> { ["AccessDenied"] = 1 },
            new Dictionary<string, int> { ["SlowDown"] = 3 }, new Dictionary<string, int>());
        var b = new AnswerCounts(
            5, 4, new Dictionary<string, int> { ["AccessDenied"] = 1 }, new Dictionary<string, int> { ["reset"] = 1 },
            new Dictionary<string, int>());

        var sum = a.Plus(b);

        (sum.Listed, sum.Read).Should().Be((15L, 13L));
        sum.Lost.Should().Equal(new Dictionary<string, int> { ["AccessDenied"] = 2 });
        sum.Retried.Should().Equal(new Dictionary<string, int> { ["SlowDown"] = 3, ["reset"] = 1 });
    }

    [Theory]
    [InlineData(0, "Answers: 12 listed, 12 read, no answers lost; S3 requests: 4 retried (SlowDown 4), 0 given up")]
    [InlineData(2, "Answers: 12 listed, 10 read, 2 lost (NoSuchKey 2); each object concerned is flagged " +
        "unreadable_answer; S3 requests: 4 retried (SlowDown 4), 0 given up")]
    public void ReportPage_AnswerCounts_SaysWhatWasListedReadLostAndRetried(int lost, string expected)
    {
        var counts = new AnswerCounts(
            12, 12 - lost,
            lost == 0 ? new Dictionary<string, int>() : new Dictionary<string, int> { ["NoSuchKey"] = lost },
            new Dictionary<string, int> { ["SlowDown"] = 4 }, new Dictionary<string, int>());
        var data = new JobReportData(
            "pose", "coco17", 3, 0, 3, [], new Histogram([0], 0), new Histogram([0], 0), [], []) { Answers = counts };

        var page = System.Net.WebUtility.HtmlDecode(ReportPage.Build(data, "t"));

        page.Should().Contain("<p class=\"summary\" id=\"answers\">" + expected + "</p>");
    }
}
