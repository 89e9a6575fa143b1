using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests;

/// <summary><c>gtpose invoke post-annotation</c> through a proxy that injects S3 faults in front of
/// moto_server.</summary>
public sealed class InvokeFaultTests : IAsyncLifetime
{
    private readonly MotoServer _moto = new();
    private FaultProxy _proxy = null!;
    private string _event = "";

    public async Task InitializeAsync()
    {
        _proxy = new FaultProxy(_moto.Endpoint);
        await _moto.CreateBucketAsync("gtpose-invoke");
        var batch = await SimulatedBatch.WriteAsync(_moto.CreateStore(), "gtpose-invoke", 20);
        _event = Path.GetTempFileName();
        await File.WriteAllTextAsync(_event, batch.Event);
    }

    private Task<(int Code, string Out, string Err)> InvokeAsync(string endpoint, string budgetSeconds) =>
        Gtpose.RunAsync(
            new Dictionary<string, string>(_moto.Environment)
            {
                ["AWS_ENDPOINT_URL_S3"] = endpoint,
                ["GTPOSE_S3_RETRY_SECONDS"] = budgetSeconds,
            },
            "invoke", "post-annotation", "--event", _event);

    [Fact]
    public async Task InvokePostAnnotation_ThrottledDroppedAndCut_TheFaultFreeResponse()
    {
        var clean = await InvokeAsync(_moto.Endpoint, "20");
        clean.Code.Should().Be(0, clean.Err);
        _proxy.Inject = FaultProxy.Random(
            9, "", 2_000, (0.20, Fault.SlowDown), (0.05, new Fault.Reset()), (0.03, new Fault.TruncatedBody()));

        var (code, stdout, stderr) = await InvokeAsync(_proxy.Endpoint, "20");

        code.Should().Be(0, stderr);
        stdout.Should().Be(clean.Out);
        _proxy.Injected.Should().BeGreaterThan(3);
    }

    [Fact]
    public async Task InvokePostAnnotation_AnswersThrottledBeyondTheBudget_ExitsOneNamingTheAnswer()
    {
        _proxy.Inject = FaultProxy.FirstRequests("answers/", 100_000, Fault.SlowDown);

        var (code, stdout, stderr) = await InvokeAsync(_proxy.Endpoint, "1");

        code.Should().Be(1, stderr);
        // As Lambda reports a function error.
        var error = System.Text.Json.JsonDocument.Parse(stdout).RootElement;
        error.GetProperty("errorType").GetString().Should().Be("BatchException");
        error.GetProperty("errorMessage").GetString().Should().MatchRegex(
                @"the answer at s3://gtpose-invoke/answers/\d+/\d\.json could not be read: SlowDown \(HTTP 503\)")
            .And.Contain("rather than consolidated from fewer answers");
    }

    public Task DisposeAsync()
    {
        _proxy.Dispose();
        _moto.Dispose();
        File.Delete(_event);
        return Task.CompletedTask;
    }
}
