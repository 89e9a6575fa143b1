using System.Text.Json;
using GtCustomPose.Testing;

namespace GtCustomPose.Workflow.Tests;

/// <summary>
/// The published workflow <c>bootstrap</c> (Native AOT, scripts/publish.sh) as a process against a Runtime API on
/// loopback and moto_server: one executable serving each function its Handler setting names.
/// </summary>
/// <remarks>
/// A moto_server of its own, not <see cref="FunctionTests.Moto"/>: that fixture points the whole test process at its
/// server (AWS_ENDPOINT_URL_S3), and a second instance of it, disposed when this class finished, left FunctionTests'
/// handlers talking to a stopped server. The bootstrap gets the endpoint in its own environment.
/// </remarks>
public sealed class BootstrapTests : IClassFixture<MotoServer>
{
    private const string Bucket = "gtpose-wf-bootstrap";
    private const string RouteHandler = "GtCustomPose.Workflow::GtCustomPose.Workflow.RouteFunction::FunctionHandler";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly MotoServer _server;

    public BootstrapTests(MotoServer server) => _server = server;

    [Fact]
    public async Task Bootstrap_RouteHandler_ServesARouteAndGoesOnAfterABadEvent()
    {
        await _server.CreateBucketAsync(Bucket);
        await _server.PutAsync(Bucket, "m/level1.manifest",
            $$"""{"source-ref": "s3://{{Bucket}}/images/a.png", "pose-metadata": {"failure-reason": "no answer"} }""");
        using var api = new FakeRuntimeApi();
        var env = new Dictionary<string, string>(_server.Environment) { ["_HANDLER"] = RouteHandler };
        using var function = new FunctionProcess(Published.Bootstrap("workflow"), api.Address, env);

        var bad = api.Enqueue("""{"manifestS3Uri": "https://example.com/m", "outputS3Uri": "s3://b/k"}""");
        var ok = api.Enqueue(
            $$"""{"manifestS3Uri": "s3://{{Bucket}}/m/level1.manifest", "sampleRate": 0,""" +
            $$""" "outputS3Uri": "s3://{{Bucket}}/m/audit.manifest"}""");

        (await api.WaitForAsync(ok, Wait)).Should().BeTrue(string.Join("\n", function.Output));
        api.Errors[bad].ErrorType.Should().Be("WorkflowException");
        JsonDocument.Parse(api.Errors[bad].Body).RootElement.GetProperty("errorMessage").GetString()
            .Should().StartWith("route: ").And.Contain("manifestS3Uri");
        var routed = JsonDocument.Parse(api.Responses[ok]).RootElement;
        routed.GetProperty("objects").GetInt32().Should().Be(1);
        routed.GetProperty("noLabel").GetInt32().Should().Be(1);
        function.HasExited.Should().BeFalse();
    }

    [Fact]
    public async Task Bootstrap_UnknownHandler_ReportsAnInitErrorNamingTheHandler()
    {
        using var api = new FakeRuntimeApi();
        var env = new Dictionary<string, string>(_server.Environment) { ["_HANDLER"] = "Nope::Nope::Run" };
        using var function = new FunctionProcess(Published.Bootstrap("workflow"), api.Address, env);
        (await api.WaitForInitErrorAsync(Wait)).Should().BeTrue(string.Join("\n", function.Output));
        JsonDocument.Parse(api.InitErrors.Single().Body).RootElement.GetProperty("errorMessage").GetString()
            .Should().Contain("_HANDLER is 'Nope::Nope::Run'");
        function.WaitForExit(Wait).Should().BeTrue();
        function.ExitCode.Should().Be(1);
    }
}
