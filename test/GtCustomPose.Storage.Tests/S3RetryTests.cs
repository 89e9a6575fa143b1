using System.Text;
using GtCustomPose.Core.Storage;
using GtCustomPose.Testing;

namespace GtCustomPose.Storage.Tests;

/// <summary>The store's retries against faults a proxy on loopback injects in front of moto_server.</summary>
public sealed class S3RetryTests : IAsyncLifetime
{
    private const string Bucket = "gtpose-retry";
    private static readonly S3Uri Object = new(Bucket, "answers/a.json");
    private readonly MotoServer _moto = new();
    private FaultProxy _proxy = null!;
    private byte[] _body = [];

    public async Task InitializeAsync()
    {
        _proxy = new FaultProxy(_moto.Endpoint);
        await _moto.CreateBucketAsync(Bucket);
        _body = new byte[200_000];
        new Random(7).NextBytes(_body);
        await _moto.CreateStore().WriteAsync(Object, _body, "application/octet-stream");
    }

    // A short budget and stall timeout keep the failing cases to seconds.
    private S3ObjectStore Store(double budgetSeconds = 20, int sdkRetries = 0, bool verify = false) =>
        S3ObjectStore.Create(
            _proxy.Endpoint, MotoServer.Credentials, verify, sdkRetries,
            new S3RetryPolicy
            {
                Budget = TimeSpan.FromSeconds(budgetSeconds),
                BaseDelay = TimeSpan.FromMilliseconds(20),
                MaxDelay = TimeSpan.FromMilliseconds(200),
                StallTimeout = TimeSpan.FromSeconds(1),
            });

    private static async Task<byte[]> ReadAsync(IObjectStore store, S3Uri uri)
    {
        await using var stream = await store.OpenReadAsync(uri);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public static TheoryData<string> TransientFaults => ["SlowDown", "InternalError", "reset", "truncated", "slow"];

    private static Fault Named(string kind) => kind switch
    {
        "SlowDown" => Fault.SlowDown,
        "InternalError" => Fault.InternalError,
        "reset" => new Fault.Reset(),
        "truncated" => new Fault.TruncatedBody(),
        _ => new Fault.SlowBody(TimeSpan.FromSeconds(8)),
    };

    [Theory]
    [MemberData(nameof(TransientFaults))]
    public async Task OpenRead_TransientFaultThreeTimes_RetriedAndTheBytesAreExact(string kind)
    {
        _proxy.Inject = FaultProxy.FirstRequests("answers/", 3, Named(kind));
        var store = Store();
        (await ReadAsync(store, Object)).Should().Equal(_body);
        _proxy.Injected.Should().Be(3);
        store.Retries.Retried.Total.Should().BeGreaterThanOrEqualTo(3);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OpenRead_BodyCutEveryTime_ResumedFromWhereItStopped(bool verifyChecksums)
    {
        // Each GET delivers half of what it is asked for: the body arrives in ever smaller ranges.
        _proxy.Inject = FaultProxy.FirstRequests("answers/", 6, new Fault.TruncatedBody());
        (await ReadAsync(Store(verify: verifyChecksums), Object)).Should().Equal(_body);
        _proxy.Requests.Should().Be(7, "six cut bodies resumed, then the rest whole");
    }

    [Theory]
    [InlineData(503, "SlowDown")]
    [InlineData(500, "InternalError")]
    public async Task OpenRead_FailsBeyondTheBudget_TransientErrorNamingTheObjectAndCause(int status, string code)
    {
        _proxy.Inject = FaultProxy.FirstRequests("answers/", 10_000, status, code);
        var store = Store(budgetSeconds: 1);
        var act = () => ReadAsync(store, Object);
        var error = (await act.Should().ThrowAsync<ObjectStoreException>()).Which;
        error.Transient.Should().BeTrue();
        error.Message.Should().Contain(Object.ToString()).And.Contain(code).And.Contain("retry budget");
        store.Retries.GivenUp.ByCause.Should().ContainKey(code);
        _proxy.Requests.Should().BeGreaterThan(2);
    }

    [Fact]
    public async Task OpenRead_PastTheDeadline_NoRetryStarts()
    {
        _proxy.Inject = FaultProxy.FirstRequests("answers/", 10_000, Fault.SlowDown);
        var store = Store(budgetSeconds: 60).WithDeadline(TimeProvider.System.GetUtcNow().AddMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var act = () => ReadAsync(store, Object);
        (await act.Should().ThrowAsync<ObjectStoreException>()).Which.Transient.Should().BeTrue();
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData(403, "AccessDenied")]
    [InlineData(404, "NoSuchKey")]
    public async Task OpenRead_PermanentFailure_NotRetried(int status, string code)
    {
        _proxy.Inject = FaultProxy.FirstRequests("answers/", 10_000, status, code);
        var store = Store(sdkRetries: 2);
        var act = () => ReadAsync(store, Object);
        var error = (await act.Should().ThrowAsync<ObjectStoreException>()).Which;
        error.Transient.Should().BeFalse();
        error.Reason.Should().StartWith(code);
        _proxy.Requests.Should().Be(1);
        store.Retries.Retried.Total.Should().Be(0);
    }

    [Fact]
    public async Task List_PagesThrottled_EveryKeyOnceInOrder()
    {
        var keys = Enumerable.Range(0, 25).Select(i => $"list/{i:D3}.json").ToList();
        foreach (var key in keys) await _moto.PutAsync(Bucket, key, "{}");
        _proxy.Inject = FaultProxy.Random(
            3, "list-type=2", 40, (0.5, Fault.SlowDown), (0.2, new Fault.Reset()), (0.2, new Fault.TruncatedBody()));
        var store = new S3ObjectStore(Store().Client, false, Store().Retry) { ListPageSize = 4 };
        var listed = new List<string>();
        await foreach (var uri in store.ListAsync(Bucket, "list/")) listed.Add(uri.Key);
        listed.Should().Equal(keys);
        _proxy.Injected.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Write_ThrottledThenServerErrors_RetriedAndTheObjectIsWhole()
    {
        var uri = new S3Uri(Bucket, "out/manifest.jsonl");
        var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"{{\"i\":{i}}}\n")));
        // A PUT whose answer is dropped has happened: S3 stores it whole or not at all.
        var faults = new Queue<Fault>([Fault.SlowDown, Fault.InternalError, new Fault.Reset()]);
        _proxy.Inject = (method, _) => method == "PUT" && faults.TryDequeue(out var f) ? f : null;
        var store = Store();
        using (var content = new MemoryStream(body)) await store.WriteAsync(uri, content, "application/jsonlines");
        (await ReadAsync(_moto.CreateStore(), uri)).Should().Equal(body);
        // Which layer retried (the SDK's standard mode or the store's loop) depends on the SDK's retry quota; that
        // all three faults were met and the object is whole is what matters.
        _proxy.Injected.Should().Be(3);
    }

    [Fact]
    public async Task Write_ThrottledBeyondTheBudget_FailsAndLeavesNoObject()
    {
        var uri = new S3Uri(Bucket, "out/never.jsonl");
        _proxy.Inject = (method, _) => method == "PUT" ? Fault.SlowDown : null;
        var act = () => Store(budgetSeconds: 1).WriteAsync(uri, "{}\n"u8.ToArray(), "application/jsonlines");
        (await act.Should().ThrowAsync<ObjectStoreException>()).Which.Transient.Should().BeTrue();
        var read = () => ReadAsync(_moto.CreateStore(), uri);
        (await read.Should().ThrowAsync<ObjectStoreException>()).Which.Reason.Should().StartWith("NoSuchKey");
    }

    public Task DisposeAsync()
    {
        _proxy.Dispose();
        _moto.Dispose();
        return Task.CompletedTask;
    }
}
