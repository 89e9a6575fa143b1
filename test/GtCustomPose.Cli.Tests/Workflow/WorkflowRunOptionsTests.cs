namespace GtCustomPose.Cli.Tests.Workflow;

public class WorkflowRunOptionsTests
{
    [Fact]
    public async Task WorkflowRun_ReviewThresholdOutOfRange_ExitsTwoWithTheSharedOptionsMessage()
    {
        var (code, _, stderr) = await Gtpose.RunAsync(
            "workflow", "run", "--sample", "--out", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")),
            "--review-min-mean-confidence", "1.5");

        code.Should().Be(2);
        stderr.Trim().Should().Contain("--review-min-mean-confidence takes a number from 0 to 1, not 1.5")
            .And.NotContain("   at ").And.NotContain("\n");
    }
}
