using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace GtCustomPose.LambdaRuntime.Tests;

public class LogTests
{
    [Fact]
    public void Info_GivenClock_StampsItsTime()
    {
        var output = new StringWriter();
        var (oldOutput, oldTime) = (Log.Output, Log.Time);
        var message = $"clock test {Guid.NewGuid()}";
        try
        {
            Log.Output = output;
            Log.Time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 1, 2, 3, TimeSpan.Zero));
            Log.Info(message);
        }
        finally
        {
            (Log.Output, Log.Time) = (oldOutput, oldTime);
        }

        // Other tests of this assembly may log at the same time: read only this test's line.
        var line = output.ToString().Split('\n').Single(l => l.Contains(message, StringComparison.Ordinal));
        using var parsed = JsonDocument.Parse(line);
        parsed.RootElement.GetProperty("timestamp").GetDateTimeOffset()
            .Should().Be(new DateTimeOffset(2026, 12, 7, 1, 2, 3, TimeSpan.Zero));
        parsed.RootElement.GetProperty("level").GetString().Should().Be("INFO");
    }
}
