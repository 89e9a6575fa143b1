using GtCustomPose.LambdaRuntime;

namespace GtCustomPose.Testing;

/// <summary>Replaces TestLambdaContext: an invocation context with a request id and a deadline.</summary>
public static class TestContext
{
    public static InvocationContext Create(TimeSpan? remaining = null, DateTimeOffset? now = null) =>
        new(Guid.NewGuid().ToString(), (now ?? DateTimeOffset.UtcNow) + (remaining ?? TimeSpan.FromMinutes(5)),
            "arn:aws:lambda:us-west-2:111122223333:function:GtPoseSageMakerTest", "Root=1-test");
}
