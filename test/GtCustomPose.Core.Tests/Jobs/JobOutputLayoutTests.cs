using GtCustomPose.Core.Jobs;

namespace GtCustomPose.Core.Tests.Jobs;

public class JobOutputLayoutTests
{
    [Theory]
    [InlineData("s3://bucket/prefix/my-job/")]
    [InlineData("s3://bucket/prefix/my-job")]
    public void Parse_JobOutputUri_GivesBucketFolderAndJobName(string uri)
    {
        var layout = JobOutputLayout.Parse(uri);
        layout.Bucket.Should().Be("bucket");
        layout.Prefix.Should().Be("prefix/my-job/");
        layout.JobName.Should().Be("my-job");
        layout.WorkerResponsePrefix.Should().Be("prefix/my-job/annotations/worker-response/iteration-1/");
        layout.OutputManifest.ToString().Should().Be("s3://bucket/prefix/my-job/manifests/output/output.manifest");
    }

    [Theory]
    [InlineData("bucket/prefix/job")]
    [InlineData("s3://bucket")]
    [InlineData("https://bucket.s3.amazonaws.com/job/")]
    public void Parse_NotAJobOutputUri_ThrowsNamingIt(string uri)
    {
        var act = () => JobOutputLayout.Parse(uri);
        act.Should().Throw<FormatException>().WithMessage($"*{uri}*");
    }

    [Fact]
    public void ResponseUri_UsesTheGuidesTimestampFileName()
    {
        var layout = JobOutputLayout.Parse("s3://b/out/job/");
        layout.ResponseUri("17", new DateTimeOffset(2021, 3, 8, 23, 6, 49, 400, TimeSpan.Zero)).ToString()
            .Should().Be("s3://b/out/job/annotations/worker-response/iteration-1/17/2021-03-08_23:06:49.json");
    }

    [Theory]
    [InlineData("out/job/annotations/worker-response/iteration-1/17/2021-03-08_23:06:49.json", true, "17")]
    [InlineData("out/job/annotations/worker-response/iteration-1/17/nested/a.json", false, "")]
    [InlineData("out/job/annotations/worker-response/iteration-1/17.json", false, "")]
    [InlineData("out/job/annotations/worker-response/iteration-1/17/notes.txt", false, "")]
    [InlineData("out/other/annotations/worker-response/iteration-1/17/a.json", false, "")]
    public void TryGetObjectId_OnlyFilesDirectlyInAnObjectFolder(string key, bool expected, string id)
    {
        var layout = JobOutputLayout.Parse("s3://b/out/job/");
        layout.TryGetObjectId(key, out var got).Should().Be(expected);
        got.Should().Be(id);
    }
}
