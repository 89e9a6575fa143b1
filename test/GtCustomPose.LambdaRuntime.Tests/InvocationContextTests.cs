using GtCustomPose.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GtCustomPose.LambdaRuntime.Tests;

public class InvocationContextTests
{
    [Fact]
    public void RemainingTime_FromDeadline_CountsDown()
    {
        var now = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        var context = TestContext.Create(TimeSpan.FromSeconds(30), new FakeTimeProvider(now));
        context.RemainingTime(new FakeTimeProvider(now.AddSeconds(10))).Should().Be(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void RemainingTime_NoDeadline_IsInfinite()
    {
        new InvocationContext("id", null, null, null).RemainingTime().Should().Be(Timeout.InfiniteTimeSpan);
    }
}
