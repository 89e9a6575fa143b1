using System.Text.Json;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Testing;

namespace GtCustomPose.PostAnnotation.Tests;

/// <summary>The provided.al2023 bootstrap as a process, against a Runtime API on loopback and moto_server.</summary>
public class BootstrapTests(MotoFixture moto) : IClassFixture<MotoFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The built assembly under <c>dotnet</c>, and the Native AOT <c>bootstrap</c> that scripts/publish.sh ships (the
    /// SDK must survive trimming and AOT compilation).
    /// </summary>
    [Theory]
    [InlineData("built")]
    [InlineData("published")]
    public async Task Bootstrap_AssumeRoleConfigured_ReadsAsTheJobsRole(string build)
    {
        using var api = new FakeRuntimeApi();
        var env = new Dictionary<string, string>(moto.Server.Environment)
        {
            ["GTPOSE_ASSUME_ROLE"] = "true",
            ["AWS_ENDPOINT_URL_STS"] = moto.Server.Endpoint,
        };
        using var function = Start(build, api, env);
        var id = api.Enqueue(MotoFixture.Read("events/post-annotation.json"));
        (await api.WaitForAsync(id, Wait)).Should().BeTrue(string.Join("\n", function.Output));
        api.Responses.Should().ContainKey(id, string.Join("\n", function.Output));
        JsonDocument.Parse(api.Responses[id]).RootElement.GetArrayLength().Should().Be(1);
        function.Output.Should().Contain(l => l.Contains("roleArn assumed"));
    }

    [Fact]
    public async Task Bootstrap_ReviewThresholdsConfigured_DecideTheVerdict()
    {
        static string[] Reasons(string response) => JsonDocument.Parse(response).RootElement[0]
            .GetProperty("consolidatedAnnotation").GetProperty("content").GetProperty("pose")
            .GetProperty("review_reasons").EnumerateArray().Select(r => r.GetString()!).ToArray();
        async Task<string[]> ReasonsWith(Dictionary<string, string> env)
        {
            using var api = new FakeRuntimeApi();
            using var function = new FunctionProcess("GtCustomPose.PostAnnotation.dll", api.Address, env);
            var id = api.Enqueue(MotoFixture.Read("events/post-annotation.json"));
            (await api.WaitForAsync(id, Wait)).Should().BeTrue(string.Join("\n", function.Output));
            return Reasons(api.Responses[id]);
        }
        (await ReasonsWith(new(moto.Server.Environment)))
            .Should().NotContain([ReviewReasons.LowConfidence, ReviewReasons.LowAgreement]);
        // No consensus of several workers is expected to match the truth exactly, nor its workers to agree exactly.
        var strict = new Dictionary<string, string>(moto.Server.Environment)
        {
            ["GTPOSE_REVIEW_MIN_CONFIDENCE"] = "1",
            ["GTPOSE_REVIEW_MIN_AGREEMENT"] = "1",
        };
        (await ReasonsWith(strict)).Should().Contain([ReviewReasons.LowConfidence, ReviewReasons.LowAgreement]);
        var strictMean = new Dictionary<string, string>(moto.Server.Environment)
        {
            ["GTPOSE_REVIEW_MIN_MEAN_CONFIDENCE"] = "1",
        };
        (await ReasonsWith(strictMean))
            .Should().Contain(ReviewReasons.LowConfidence).And.NotContain(ReviewReasons.LowAgreement);
    }

    [Theory]
    [InlineData("built")]
    [InlineData("published")]
    public async Task Bootstrap_ReviewThresholdNotAFraction_FailsToStartNamingTheSetting(string build)
    {
        using var api = new FakeRuntimeApi();
        var env = new Dictionary<string, string>(moto.Server.Environment) { ["GTPOSE_REVIEW_MIN_AGREEMENT"] = "60%" };
        using var function = Start(build, api, env);
        (await api.WaitForInitErrorAsync(Wait)).Should().BeTrue(string.Join("\n", function.Output));
        JsonDocument.Parse(api.InitErrors.Single().Body).RootElement.GetProperty("errorMessage").GetString()
            .Should().Be("GTPOSE_REVIEW_MIN_AGREEMENT is '60%', expected a number from 0 to 1");
    }

    [Theory]
    [InlineData("built", null)]
    [InlineData("published", null)]
    [InlineData("built", "false")]
    [InlineData("published", "false")]
    public async Task Bootstrap_AgainstMoto_PostsTheResponse(string build, string? hugePages)
    {
        using var api = new FakeRuntimeApi();
        var env = new Dictionary<string, string>(moto.Server.Environment);
        if (hugePages is not null) env["GTPOSE_HEAP_HUGE_PAGES"] = hugePages;
        using var function = Start(build, api, env);
        var evt = MotoFixture.Read("events/post-annotation.json");
        var id = api.Enqueue(evt);
        var missing = api.Enqueue(evt.Replace(MotoFixture.PayloadKey, "nope.json", StringComparison.Ordinal));
        (await api.WaitForAsync(missing, Wait)).Should().BeTrue(string.Join("\n", function.Output));
        JsonDocument.Parse(api.Responses[id]).RootElement.GetArrayLength().Should().Be(1);
        api.Errors[missing].Body.Should().Contain("NoSuchKey");
        function.Output.Should().Contain(l => l.Contains(id) && l.Contains("batch consolidated"));
        function.Output.Should().NotContain(l => l.Contains("private.us-west-2"), "worker ids stay out of the logs");
        // The init says what it did to the heap, unless told to leave it.
        function.Output.Where(l => l.Contains("heap: ")).Should().HaveCount(hugePages == "false" ? 0 : 1);
    }

    private static FunctionProcess Start(string build, FakeRuntimeApi api, IReadOnlyDictionary<string, string> env) =>
        build == "built"
            ? new FunctionProcess("GtCustomPose.PostAnnotation.dll", api.Address, env)
            : new FunctionProcess(Published.Bootstrap("post-annotation"), api.Address, env);
}
