using GtCustomPose.LambdaRuntime;

namespace GtCustomPose.Testing;

/// <summary>Replaces TestLambdaContext: an invocation context with a request id and a deadline.</summary>
public static class TestContext
{
    /// <summary>A context whose deadline is <paramref name="remaining"/> (default 5 minutes) from the system
    /// clock's now.</summary>
    public static InvocationContext Create(TimeSpan? remaining = null) =>
        Create(remaining ?? TimeSpan.FromMinutes(5), TimeProvider.System);

    /// <summary>A context whose deadline is <paramref name="remaining"/> from <paramref name="time"/>'s now.</summary>
    public static InvocationContext Create(TimeSpan remaining, TimeProvider time) =>
        new(Guid.NewGuid().ToString(), time.GetUtcNow() + remaining,
            "arn:aws:lambda:us-west-2:111122223333:function:GtPoseSageMakerTest", "Root=1-test");
}
