using GtCustomPose.Testing;

namespace GtCustomPose.PostAnnotation.Tests;

/// <summary>One moto_server for the test class, with the sample batch uploaded.</summary>
public sealed class MotoFixture : IAsyncLifetime
{
    public const string Bucket = "gtpose-test";
    public const string PayloadKey =
        "out/pose/annotations/consolidated-annotation/consolidation-request/iteration-1/2026-11-20_10:00:00.json";

    public MotoServer Server { get; private set; } = null!;

    public static string Read(string path) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, path));

    public async Task InitializeAsync()
    {
        Server = new MotoServer();
        await Server.CreateBucketAsync(Bucket);
        await Server.PutAsync(Bucket, PayloadKey, Read("payloads/batch.json"));
        await Server.PutAsync(
            Bucket, "out/pose/annotations/worker-response/iteration-1/0/cccc.json", Read("payloads/cccc.json"));
    }

    public Task DisposeAsync()
    {
        Server.Dispose();
        return Task.CompletedTask;
    }
}
