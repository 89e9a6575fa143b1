namespace GtCustomPose.Cli.Tests.Exports;

/// <summary>A review page as a user makes one: a sample job with two simulated workers, then `export review`.</summary>
internal static class SampleReviewPage
{
    private const string WorkerResponses =
        "s3://gtpose-local/gtpose-local-job/annotations/worker-response/iteration-1/";

    /// <summary>Runs the job into <paramref name="dir"/> and returns the page's path.</summary>
    public static async Task<string> BuildAsync(string dir, int objects)
    {
        var job = await Gtpose.RunAsync(
            "run-job", "--sample", "--sample-size", objects.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--simulate-workers", "2", "--out", dir);
        job.Code.Should().Be(0, job.Err);
        var page = Path.Combine(dir, "review.html");
        var (code, _, err) = await Gtpose.RunAsync(
            "export", "review", "--manifest", Path.Combine(dir, "output.manifest"), "--label-attribute", "pose",
            "--out", page, "--store", Path.Combine(dir, "store"), "--worker-responses", WorkerResponses);
        code.Should().Be(0, err);
        return page;
    }
}
