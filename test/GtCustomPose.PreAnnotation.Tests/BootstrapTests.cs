using System.Text.Json;
using GtCustomPose.Testing;

namespace GtCustomPose.PreAnnotation.Tests;

/// <summary>The provided.al2023 bootstrap, run as a process against a Runtime API served on loopback.</summary>
public class BootstrapTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static string Event(string name) =>
        File.ReadAllText(TestEvents.PathOf(name));

    /// <summary>
    /// The built assembly under <c>dotnet</c>, and the Native AOT <c>bootstrap</c> scripts/publish.sh ships.
    /// </summary>
    [Theory]
    [InlineData("built")]
    [InlineData("published")]
    public async Task Bootstrap_ServesInvocations_AndGoesOnAfterAFailedOne(string build)
    {
        using var api = new FakeRuntimeApi();
        using var function = Start(build, api);

        var ok = api.Enqueue(Event("pre-annotation-skeleton-prelabels.json"));
        var bad = api.Enqueue(Event("pre-annotation-no-image.json"));
        var again = api.Enqueue(Event("pre-annotation-no-annotations.json"));

        (await api.WaitForAsync(again, Wait)).Should().BeTrue(string.Join("\n", function.Output));
        JsonDocument.Parse(api.Responses[ok]).RootElement.GetProperty("taskInput").GetProperty("initial_values")
            .GetArrayLength().Should().Be(1);
        var (body, errorType) = api.Errors[bad];
        errorType.Should().Be("DataObjectException");
        var error = JsonDocument.Parse(body).RootElement;
        error.GetProperty("errorType").GetString().Should().Be("DataObjectException");
        error.GetProperty("errorMessage").GetString().Should().Contain("no image");
        api.Responses.Should().ContainKey(again);
        function.HasExited.Should().BeFalse();
        function.Output.Should()
            .Contain(l => l.Contains(bad) && l.Contains("\"level\":\"ERROR\""), "logs carry the request id");
    }

    [Fact]
    public async Task Bootstrap_TenThousandSequentialInvocations_RssStaysFlat()
    {
        using var api = new FakeRuntimeApi();
        using var function = new FunctionProcess("GtCustomPose.PreAnnotation.dll", api.Address);
        var evt = Event("pre-annotation-skeleton-prelabels.json");
        async Task Serve(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var id = api.Enqueue(evt);
                (await api.WaitForAsync(id, Wait)).Should().BeTrue();
                api.Responses.TryRemove(id, out _);
            }
        }
        // Tiered compilation and the GC's budgets settle over the first few thousand invocations, later on a loaded
        // machine; a leak keeps growing after that.
        await Serve(3_000);
        var before = function.WorkingSet;
        await Serve(8_000);
        var after = function.WorkingSet;
        Console.WriteLine(
            $"bootstrap RSS after 3,000 invocations {before / 1048576.0:F1} MB, "
            + $"after 11,000 {after / 1048576.0:F1} MB");
        function.HasExited.Should().BeFalse();
        (after - before).Should().BeLessThan(16 * 1024 * 1024, $"RSS went from {before} to {after} bytes");
    }

    [Theory]
    [InlineData("built")]
    [InlineData("published")]
    public async Task Bootstrap_InvalidRig_ReportsAnInitErrorNamingTheSetting(string build)
    {
        using var api = new FakeRuntimeApi();
        using var temp = new TempFolder("gtpose-rig");
        var rig = Path.Combine(temp, "rig.json");
        await File.WriteAllTextAsync(rig, """{"keypoints": ["a", "a"]}""");
        var env = new Dictionary<string, string> { ["GTPOSE_RIG_FILE"] = rig };
        using var function = Start(build, api, env);
        (await api.WaitForInitErrorAsync(Wait)).Should().BeTrue(string.Join("\n", function.Output));
        var error = JsonDocument.Parse(api.InitErrors.Single().Body).RootElement;
        error.GetProperty("errorType").GetString().Should().Be("RigException");
        error.GetProperty("errorMessage").GetString().Should()
            .StartWith("GTPOSE_RIG_FILE: ").And.Contain("duplicate keypoint label 'a'");
        function.WaitForExit(Wait).Should().BeTrue();
        function.ExitCode.Should().Be(1);
    }

    [Theory]
    [InlineData("built")]
    [InlineData("published")]
    public async Task Bootstrap_RuntimeApiDropsConnections_RetriesAndServes(string build)
    {
        using var api = new FakeRuntimeApi();
        api.DropNextConnections(2);
        using var function = Start(build, api);
        var id = api.Enqueue(Event("pre-annotation-no-annotations.json"));
        (await api.WaitForAsync(id, Wait)).Should().BeTrue(string.Join("\n", function.Output));
        api.Responses.Should().ContainKey(id);
    }

    private static FunctionProcess Start(
        string build, FakeRuntimeApi api, IReadOnlyDictionary<string, string>? env = null) =>
        build == "built"
            ? new FunctionProcess("GtCustomPose.PreAnnotation.dll", api.Address, env)
            : new FunctionProcess(Published.Bootstrap("pre-annotation"), api.Address, env);
}
