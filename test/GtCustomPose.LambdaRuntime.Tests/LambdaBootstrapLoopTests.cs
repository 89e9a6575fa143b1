using System.Text;
using GtCustomPose.Testing;

namespace GtCustomPose.LambdaRuntime.Tests;

/// <summary>
/// The bootstrap loop's rules against a Runtime API in memory; <see cref="LambdaBootstrapTests"/> has the wire.
/// </summary>
public class LambdaBootstrapLoopTests
{
    private static Task<Stream> Echo(Stream input, InvocationContext context, CancellationToken cancellationToken)
    {
        var copy = new MemoryStream();
        input.CopyTo(copy);
        copy.Position = 0;
        return Task.FromResult<Stream>(copy);
    }

    [Fact]
    public void Run_HandlerThrows_PostsTheErrorAndServesTheNextInvocation()
    {
        using var api = new InMemoryRuntimeApi();
        var bad = api.Enqueue("bad");
        var good = api.Enqueue("good");

        var code = LambdaBootstrap.Run(api, () => (input, context, ct) =>
            context.RequestId == bad ? throw new InvalidDataException("the event is bad") : Echo(input, context, ct),
            api.Stopping);

        code.Should().Be(0);
        api.Errors[bad].Should().Be(new ErrorResponse("InvalidDataException", "the event is bad"));
        api.Responses.Should().ContainKey(good).WhoseValue.Should().Be("good");
        api.Calls.Should().Equal($"next {bad}", $"error {bad}", $"next {good}", $"response {good}", "next");
    }

    [Fact]
    public void Run_HandlerFaultsAfterAwaiting_PostsTheError()
    {
        using var api = new InMemoryRuntimeApi();
        var id = api.Enqueue("{}");

        LambdaBootstrap.Run(api, () => async (_, _, _) =>
        {
            await Task.Yield();
            throw new TimeoutException("the deadline nears");
        }, api.Stopping);

        api.Errors[id].Should().Be(new ErrorResponse("TimeoutException", "the deadline nears"));
    }

    [Fact]
    public void Run_InitThrows_PostsTheInitErrorAndAsksForNoInvocation()
    {
        using var api = new InMemoryRuntimeApi();
        api.Enqueue("{}");

        var code = LambdaBootstrap.Run(
            api, () => throw new FormatException("GTPOSE_X is 'y', expected z"), api.Stopping);

        code.Should().Be(1);
        api.InitErrors.Should().Equal(new ErrorResponse("FormatException", "GTPOSE_X is 'y', expected z"));
        api.Calls.Should().Equal("init-error");
    }

    [Fact]
    public void Run_Invocation_HandsTheHandlerItsRequestIdDeadlineArnAndTraceId()
    {
        using var api = new InMemoryRuntimeApi();
        var deadline = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
        const string Arn = "arn:aws:lambda:us-west-2:111122223333:function:GtPose-SageMaker-PostAnnotation";
        var id = api.Enqueue("{}", deadline, Arn, "Root=1-abc");
        InvocationContext? seen = null;

        LambdaBootstrap.Run(api, () => (input, context, ct) =>
        {
            seen = context;
            return Echo(input, context, ct);
        }, api.Stopping);

        seen.Should().Be(new InvocationContext(id, deadline, Arn, "Root=1-abc"));
    }

    [Fact]
    public void Run_Event_ReachesTheHandlerAsSentAndItsResponseIsPostedAsReturned()
    {
        using var api = new InMemoryRuntimeApi();
        var id = api.Enqueue("""{"labelAttributeName":"pose","é":"\u00e9"}""");

        LambdaBootstrap.Run(api, () => async (input, _, _) =>
        {
            var text = await new StreamReader(input).ReadToEndAsync();
            return new MemoryStream(Encoding.UTF8.GetBytes(text.ToUpperInvariant()));
        }, api.Stopping);

        api.Responses[id].Should().Be("""{"LABELATTRIBUTENAME":"POSE","É":"\U00E9"}""");
    }

    [Fact]
    public void Run_AfterResponse_RunsOnceEachInvocationIsPostedAndBeforeTheNext()
    {
        using var api = new InMemoryRuntimeApi();
        var first = api.Enqueue("1");
        var failed = api.Enqueue("2");

        LambdaBootstrap.Run(
            api,
            () => (input, context, ct) =>
                context.RequestId == failed ? throw new InvalidDataException("no") : Echo(input, context, ct),
            api.Stopping,
            afterResponse: () => api.Calls.Enqueue("after"));

        api.Calls.Should().Equal(
            $"next {first}", $"response {first}", "after", $"next {failed}", $"error {failed}", "after", "next");
    }

    [Fact]
    public void Run_AfterResponseThrows_TheLoopGoesOn()
    {
        using var api = new InMemoryRuntimeApi();
        api.Enqueue("1");
        var second = api.Enqueue("2");

        var code = LambdaBootstrap.Run(
            api, () => Echo, api.Stopping, afterResponse: () => throw new InvalidOperationException("gc"));

        code.Should().Be(0);
        api.Responses.Should().ContainKey(second);
    }

    [Fact]
    public void Run_ResponseRefused_PostsAnErrorForThatInvocation()
    {
        using var api = new InMemoryRuntimeApi();
        var id = api.Enqueue("{}");
        api.RefuseResponse(id);

        LambdaBootstrap.Run(api, () => Echo, api.Stopping);

        api.Errors[id].ErrorType.Should().Be("HttpRequestException");
        api.Calls.Should().Equal($"next {id}", $"refused {id}", $"error {id}", "next");
    }
}
