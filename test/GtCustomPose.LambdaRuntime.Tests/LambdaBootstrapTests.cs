using System.Text;
using System.Text.Json;
using GtCustomPose.LambdaRuntime;
using GtCustomPose.Testing;

namespace GtCustomPose.LambdaRuntime.Tests;

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
        seen.Deadline.Should().BeCloseTo(DateTimeOffset.UtcNow + api.Timeout, TimeSpan.FromSeconds(5));
        stop.Cancel();
    }

    [Fact]
    public async Task Run_ResponseOfMegabytes_IsPostedWhole()
    {
        using var api = new FakeRuntimeApi();
        using var stop = new CancellationTokenSource();
        // A batch's response is sent straight from the handler's buffer, head and body in one gather write.
        var text = "\"" + string.Concat(Enumerable.Range(0, 3_000_000).Select(i => (char)('a' + i % 26))) + "\"";
        _ = Start(() => (_, _, _) => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(text), 0, text.Length, writable: false, publiclyVisible: true)), api.Address, stop.Token);
        var id = api.Enqueue("{}");
        (await api.WaitForAsync(id, Wait)).Should().BeTrue();
        api.Responses[id].Should().Be(text);
        stop.Cancel();
    }

    [Fact]
    public async Task Run_AfterResponse_RunsOnceTheResponseIsPostedAndBeforeTheNextInvocation()
    {
        using var api = new FakeRuntimeApi();
        using var stop = new CancellationTokenSource();
        var ran = 0;
        var postedWhenRun = new List<int>();
        var ranBeforeInvocation = new List<int>();
        _ = Task.Factory.StartNew(() => LambdaBootstrap.Run(() => (_, _, _) =>
            {
                ranBeforeInvocation.Add(Volatile.Read(ref ran));
                return Task.FromResult<Stream>(new MemoryStream("1"u8.ToArray()));
            }, api.Address, stop.Token, afterResponse: () =>
            {
                postedWhenRun.Add(api.Responses.Count);
                Interlocked.Increment(ref ran);
            }), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var first = api.Enqueue("{}");
        (await api.WaitForAsync(first, Wait)).Should().BeTrue();
        var second = api.Enqueue("{}");
        (await api.WaitForAsync(second, Wait)).Should().BeTrue();
        stop.Cancel();

        ranBeforeInvocation.Should().Equal(0, 1);
        postedWhenRun[0].Should().Be(1, "the caller has its response before the work runs");
    }

    [Fact]
    public async Task Run_HandlerThrows_PostsErrorAndKeepsServing()
    {
        using var api = new FakeRuntimeApi();
        using var stop = new CancellationTokenSource();
        _ = Start(() => (input, _, _) =>
            input.Length == 0 ? throw new InvalidDataException("empty event") : Task.FromResult<Stream>(new MemoryStream("1"u8.ToArray())), api.Address, stop.Token);
        var bad = api.Enqueue("");
        var good = api.Enqueue("{}");
        (await api.WaitForAsync(good, Wait)).Should().BeTrue();
        api.Errors[bad].ErrorType.Should().Be("InvalidDataException");
        JsonDocument.Parse(api.Errors[bad].Body).RootElement.GetProperty("errorMessage").GetString().Should().Be("empty event");
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
        Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API").Should().BeNull();
        LambdaBootstrap.Run(() => (_, _, _) => Task.FromResult<Stream>(new MemoryStream())).Should().Be(2);
    }

    [Fact]
    public async Task Run_ConnectionsDropped_RetriesThenServes()
    {
        using var api = new FakeRuntimeApi();
        using var stop = new CancellationTokenSource();
        api.DropNextConnections(3);
        _ = Start(() => (_, _, _) => Task.FromResult<Stream>(new MemoryStream("ok"u8.ToArray())), api.Address, stop.Token);
        var id = api.Enqueue("{}");
        (await api.WaitForAsync(id, Wait)).Should().BeTrue();
        stop.Cancel();
    }

    [Fact]
    public async Task Run_RuntimeApiNotListeningYet_RetriesTheConnection()
    {
        var port = FreePort.Next();
        using var stop = new CancellationTokenSource();
        _ = Start(() => (_, _, _) => Task.FromResult<Stream>(new MemoryStream("late"u8.ToArray())), $"127.0.0.1:{port}", stop.Token);
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
        Task.Factory.StartNew(() => LambdaBootstrap.Run(init, runtimeApi, cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    [Fact]
    public void RemainingTime_FromDeadline_CountsDown()
    {
        var now = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        var context = TestContext.Create(TimeSpan.FromSeconds(30), now);
        context.RemainingTime(new FixedTime(now.AddSeconds(10))).Should().Be(TimeSpan.FromSeconds(20));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
