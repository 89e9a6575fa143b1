using System.Text;
using System.Text.Json;
using GtCustomPose.LambdaRuntime;
using GtCustomPose.Testing;

namespace GtCustomPose.LambdaRuntime.Tests;

/// <summary>
/// The loop and <see cref="RuntimeApiClient"/> over HTTP, against a Runtime API on loopback: headers, bodies, error
/// posts, retried connections. <see cref="LambdaBootstrapLoopTests"/> has the loop's rules in memory.
/// </summary>
public class LambdaBootstrapTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Run_PassesHeadersToTheHandlerAndPostsItsResponse()
    {
        using var api = new FakeRuntimeApi();
        using var stop = new CancellationTokenSource();
        InvocationContext? seen = null;
        var loop = Start(() => async (input, context, _) =>
        {
            seen = context;
            var text = await new StreamReader(input).ReadToEndAsync();
            return new MemoryStream(Encoding.UTF8.GetBytes(text.ToUpperInvariant()));
        }, api.Address, stop.Token);
        var id = api.Enqueue("\"hello\"");
        (await api.WaitForAsync(id, Wait)).Should().BeTrue();
        api.Responses[id].Should().Be("\"HELLO\"");
        seen!.RequestId.Should().Be(id);
        seen.InvokedFunctionArn.Should().Be(api.FunctionArn);
        seen.TraceId.Should().StartWith("Root=");
        seen.Deadline.Should().BeCloseTo(TimeProvider.System.GetUtcNow() + api.Timeout, TimeSpan.FromSeconds(5));
        stop.Cancel();
    }

    [Fact]
    public async Task Run_ResponseOfMegabytes_IsPostedWhole()
    {
        using var api = new FakeRuntimeApi();
        using var stop = new CancellationTokenSource();
        // A batch's response is sent straight from the handler's buffer, head and body in one gather write.
        var text = "\"" + string.Concat(Enumerable.Range(0, 3_000_000).Select(i => (char)('a' + i % 26))) + "\"";
        var bytes = Encoding.UTF8.GetBytes(text);
        _ = Start(
            () => (_, _, _) => Task.FromResult<Stream>(
                new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true)),
            api.Address,
            stop.Token);
        var id = api.Enqueue("{}");
        (await api.WaitForAsync(id, Wait)).Should().BeTrue();
        api.Responses[id].Should().Be(text);
        stop.Cancel();
    }

    [Fact]
    public async Task Run_HandlerThrows_PostsErrorAndKeepsServing()
    {
        using var api = new FakeRuntimeApi();
        using var stop = new CancellationTokenSource();
        _ = Start(
            () => (input, _, _) => input.Length == 0
                ? throw new InvalidDataException("empty 'event'")
                : Task.FromResult<Stream>(new MemoryStream("1"u8.ToArray())),
            api.Address,
            stop.Token);
        var bad = api.Enqueue("");
        var good = api.Enqueue("{}");
        (await api.WaitForAsync(good, Wait)).Should().BeTrue();
        api.Errors[bad].ErrorType.Should().Be("InvalidDataException");
        api.Errors[bad].Body.Should().Be("""{"errorType":"InvalidDataException","errorMessage":"empty 'event'"}""");
        api.Responses[good].Should().Be("1");
        stop.Cancel();
    }

    [Fact]
    public void Run_InitThrows_PostsInitErrorAndReturnsOne()
    {
        using var api = new FakeRuntimeApi();
        var code = LambdaBootstrap.Run(() => throw new InvalidOperationException("bad config"), api.Address);
        code.Should().Be(1);
        api.InitErrors.Single().ErrorType.Should().Be("InvalidOperationException");
    }

    [Fact]
    public void Run_NoRuntimeApi_ExitsWithUsageCode()
    {
        LambdaBootstrap.Run(() => (_, _, _) => Task.FromResult<Stream>(new MemoryStream()), runtimeApi: "")
            .Should().Be(2);
    }

    [Fact]
    public async Task Run_ConnectionsDropped_RetriesThenServes()
    {
        using var api = new FakeRuntimeApi();
        using var stop = new CancellationTokenSource();
        api.DropNextConnections(3);
        _ = Start(
            () => (_, _, _) => Task.FromResult<Stream>(new MemoryStream("ok"u8.ToArray())), api.Address, stop.Token);
        var id = api.Enqueue("{}");
        (await api.WaitForAsync(id, Wait)).Should().BeTrue();
        stop.Cancel();
    }

    [Fact]
    public async Task Run_RuntimeApiNotListeningYet_RetriesTheConnection()
    {
        var port = FreePort.Next();
        using var stop = new CancellationTokenSource();
        _ = Start(
            () => (_, _, _) => Task.FromResult<Stream>(new MemoryStream("late"u8.ToArray())),
            $"127.0.0.1:{port}",
            stop.Token);
        await Task.Delay(300);
        using var api = new FakeRuntimeApi(port);
        var id = api.Enqueue("{}");
        (await api.WaitForAsync(id, Wait)).Should().BeTrue();
        api.Responses[id].Should().Be("late");
        stop.Cancel();
    }

    [Fact]
    public async Task Run_Cancelled_ReturnsZeroWhileWaitingForAnInvocation()
    {
        using var api = new FakeRuntimeApi();
        using var stop = new CancellationTokenSource();
        var loop = Start(() => (_, _, _) => Task.FromResult<Stream>(new MemoryStream()), api.Address, stop.Token);
        await Task.Delay(200);
        loop.IsCompleted.Should().BeFalse();
        await stop.CancelAsync();
        (await loop.WaitAsync(Wait)).Should().Be(0);
    }

    // The loop blocks its thread, as it does in the bootstrap process.
    private static Task<int> Start(Func<LambdaHandler> init, string runtimeApi, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () => LambdaBootstrap.Run(init, runtimeApi, cancellationToken),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
}
