using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Storage;

/// <summary>
/// <see cref="IObjectStore"/> over Amazon S3. With <c>AWS_ENDPOINT_URL_S3</c> (or an explicit endpoint) it talks to
/// that endpoint with path-style addressing, which is how the tests reach moto_server on 127.0.0.1.
/// Every GetObject, ListObjectsV2 page and PutObject goes through the SDK's standard retries, then through
/// <see cref="Retry"/>: transient failures are repeated (a cut body resumed) until its budget runs out, then thrown
/// as a transient <see cref="ObjectStoreException"/>; permanent ones (403, 404) are thrown at once.
/// </summary>
/// <param name="s3">The client.</param>
/// <param name="verifyChecksums">
/// True (the default): objects are read with a plain GET and the SDK checks the body against the stored MD5 and CRC32.
/// False: a full-range GET (<c>bytes=0-</c>), which the SDK does not check against the ETag's MD5; with a client that
/// validates responses only when asked (<see cref="Create"/> builds both alike) it skips the CRC32 too. Integrity then
/// rests on HTTPS and on the body's length. The SDK hashes in managed code, which the README's Performance section
/// measures (the <c>s3read</c> benchmark). A body resumed after a cut is read with a range GET, which is not checked.
/// </param>
/// <param name="retry">The retry policy; <see cref="S3RetryPolicy.FromEnvironment"/>'s when null.</param>
public sealed class S3ObjectStore(IAmazonS3 s3, bool verifyChecksums = true, S3RetryPolicy? retry = null)
    : IObjectStore
{
    /// <summary>The client this store uses.</summary>
    public IAmazonS3 Client { get; } = s3;

    /// <summary>Whether reads are checked against the object's stored checksums.</summary>
    public bool VerifyChecksums { get; } = verifyChecksums;

    /// <summary>How failures the SDK's retries leave are retried.</summary>
    public S3RetryPolicy Retry { get; } = retry ?? S3RetryPolicy.FromEnvironment();

    /// <inheritdoc />
    public RetryCounts Retries { get; } = new();

    /// <summary>Keys asked for per ListObjectsV2 page (1 to 1,000). Default 1,000, S3's maximum.</summary>
    public int ListPageSize { get; init; } = 1000;

    /// <summary>
    /// A store over the same client whose retries end before <paramref name="deadline"/> (one invocation's), with
    /// counts of its own: the client, its connections and credentials stay shared.
    /// </summary>
    public S3ObjectStore WithDeadline(DateTimeOffset? deadline) =>
        new(Client, VerifyChecksums, Retry with { Deadline = deadline }) { ListPageSize = ListPageSize };

    /// <summary>A store over a client from <see cref="CreateClient"/>, both set alike for
    /// <paramref name="verifyChecksums"/>.</summary>
    /// <param name="endpoint">Overrides <c>AWS_ENDPOINT_URL_S3</c>.</param>
    /// <param name="credentials">Overrides the default credential chain.</param>
    /// <param name="verifyChecksums">As the constructor's.</param>
    /// <param name="maxErrorRetry">SDK retries per request; <paramref name="retry"/>'s, else the SDK's default, when
    /// null.</param>
    /// <param name="retry">The store's retry policy; <see cref="S3RetryPolicy.FromEnvironment"/>'s when null.</param>
    public static S3ObjectStore Create(
        string? endpoint = null,
        AWSCredentials? credentials = null,
        bool verifyChecksums = true,
        int? maxErrorRetry = null,
        S3RetryPolicy? retry = null)
    {
        retry ??= S3RetryPolicy.FromEnvironment();
        return new(
            CreateClient(endpoint, credentials, maxErrorRetry ?? retry.SdkMaxErrorRetry, verifyChecksums),
            verifyChecksums,
            retry);
    }

    /// <summary>Creates an S3 client from the environment: region from <c>AWS_REGION</c>, endpoint from
    /// <c>AWS_ENDPOINT_URL_S3</c>, the SDK's standard retry mode.</summary>
    /// <param name="endpoint">Overrides <c>AWS_ENDPOINT_URL_S3</c>.</param>
    /// <param name="credentials">Overrides the default credential chain.</param>
    /// <param name="maxErrorRetry">SDK retries per request; the SDK default (2) when null.</param>
    /// <param name="verifyChecksums">
    /// False: responses are checked against a checksum only when the request asks for one; a store reading without
    /// checksums needs this, else the SDK still hashes the body with its managed CRC32 (<see cref="Create"/>).
    /// </param>
    public static AmazonS3Client CreateClient(
        string? endpoint = null,
        AWSCredentials? credentials = null,
        int? maxErrorRetry = null,
        bool verifyChecksums = true)
    {
        var config = new AmazonS3Config
        {
            // Standard, not adaptive: adaptive's rate limiter delays even first attempts and sees only this client's
            // traffic, not the other Lambdas throttled on the same prefix (docs/reliability.md).
            RetryMode = RequestRetryMode.Standard,
            ResponseChecksumValidation = verifyChecksums
                ? ResponseChecksumValidation.WHEN_SUPPORTED
                : ResponseChecksumValidation.WHEN_REQUIRED,
        };
        var region = Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable(
            "AWS_DEFAULT_REGION") ?? "us-east-1";
        endpoint ??= Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3");
        if (!string.IsNullOrEmpty(endpoint))
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region;
            config.ForcePathStyle = true;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        if (maxErrorRetry is { } retries) config.MaxErrorRetry = retries;
        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    /// <summary>Credentials of <paramref name="roleArn"/>, assumed with the function's own credentials through
    /// STS.</summary>
    public static async Task<AWSCredentials> AssumeRoleAsync(
        string roleArn, string sessionName, CancellationToken cancellationToken = default)
    {
        var config = new AmazonSecurityTokenServiceConfig();
        var endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_STS");
        if (!string.IsNullOrEmpty(endpoint)) config.ServiceURL = endpoint;
        using var sts = new AmazonSecurityTokenServiceClient(config);
        var response = await sts.AssumeRoleAsync(
            new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = sessionName, DurationSeconds = 900 },
            cancellationToken).ConfigureAwait(false);
        var c = response.Credentials;
        return new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken);
    }

    /// <inheritdoc />
    /// <remarks>The stream resumes a body cut or stalled midway with a range GET of the rest of the same version
    /// (<c>If-Match</c> its ETag), under the same retry budget.</remarks>
    public async Task<Stream> OpenReadAsync(S3Uri uri, CancellationToken cancellationToken = default)
    {
        var response = await RetryAsync(
            uri.ToString(), "", ct => GetAsync(uri, 0, null, ct), cancellationToken).ConfigureAwait(false);
        return new ResumingReadStream(this, uri, response);
    }

    /// <summary>One GET of <paramref name="uri"/> from byte <paramref name="from"/>, of version
    /// <paramref name="etag"/> when given.</summary>
    internal async Task<GetObjectResponse> GetAsync(S3Uri uri, long from, string? etag, CancellationToken ct)
    {
        var request = new GetObjectRequest { BucketName = uri.Bucket, Key = uri.Key, EtagToMatch = etag };
        if (from > 0 || !VerifyChecksums) request.ByteRange = new ByteRange($"bytes={from}-");
        try
        {
            return await Client.GetObjectAsync(request, ct).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (
            e.StatusCode == System.Net.HttpStatusCode.RequestedRangeNotSatisfiable && from == 0)
        {
            // An empty object has no byte 0.
            request.ByteRange = null;
            return await Client.GetObjectAsync(request, ct).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task WriteAsync(
        S3Uri uri, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        using var body = new MemoryStream(content.ToArray(), writable: false);
        await WriteAsync(uri, body, contentType, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>A PutObject that fails leaves no object (S3 stores an object whole or not at all); a seekable
    /// <paramref name="content"/> is sent again from its first position, a forward-only one only once.</remarks>
    public async Task WriteAsync(
        S3Uri uri, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        var start = content.CanSeek ? content.Position : -1;
        await RetryAsync<bool>(
            uri.ToString(),
            "",
            async ct =>
            {
                if (start >= 0) content.Position = start;
                else if (content.Position != 0) throw new ObjectStoreException(
                    uri.ToString(), "the write failed and its forward-only content cannot be sent again");
                // The SDK streams a seekable body; PutObject takes up to 5 GB, far above a job's manifest.
                await Client.PutObjectAsync(
                    new PutObjectRequest
                    {
                        BucketName = uri.Bucket,
                        Key = uri.Key,
                        InputStream = content,
                        AutoCloseStream = false,
                        ContentType = contentType,
                    },
                    ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>One ListObjectsV2 request per <see cref="ListPageSize"/> keys, each page yielded before the next is
    /// asked for; a page is retried with its own continuation token, so no key is listed twice or skipped.</remarks>
    public async IAsyncEnumerable<S3Uri> ListAsync(
        string bucket,
        string prefix,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListObjectsV2Request
        {
            BucketName = bucket,
            Prefix = prefix,
            MaxKeys = Math.Clamp(ListPageSize, 1, 1000),
        };
        while (true)
        {
            var page = await RetryAsync(
                $"s3://{bucket}/{prefix}", "listing failed: ", ct => Client.ListObjectsV2Async(request, ct),
                cancellationToken).ConfigureAwait(false);
            foreach (var o in page.S3Objects ?? []) yield return new S3Uri(bucket, o.Key);
            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken)) yield break;
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    /// <summary>
    /// <paramref name="attempt"/> until it succeeds, fails permanently, or its transient failures outlast
    /// <see cref="Retry"/>'s budget (or deadline); each failure after the first <paramref name="failures"/> waits a
    /// jittered, growing backoff. Cancellation is never retried.
    /// </summary>
    internal async Task<T> RetryAsync<T>(
        string where,
        string prefix,
        Func<CancellationToken, Task<T>> attempt,
        CancellationToken cancellationToken,
        int failures = 0,
        long? failingSince = null)
    {
        for (var n = failures; ; n++)
        {
            try
            {
                return await attempt(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (
                !cancellationToken.IsCancellationRequested && e is not ObjectStoreException && S3Failure.Of(e) is { } f)
            {
                failingSince ??= Retry.Time.GetTimestamp();
                await WaitOrGiveUpAsync(where, prefix, e, f, n, failingSince.Value, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
    }

    /// <summary>After failure <paramref name="n"/> (0-based) of a request failing since
    /// <paramref name="failingSince"/>: throws when it is permanent or the budget is spent, else waits the
    /// backoff.</summary>
    internal async Task WaitOrGiveUpAsync(
        string where, string prefix, Exception e, S3Failure f, int n, long failingSince, CancellationToken ct)
    {
        if (!f.Transient) throw S3Failure.Exception(where, prefix, e, transient: false);
        var failing = Retry.Time.GetElapsedTime(failingSince);
        var delay = Retry.Backoff(n);
        if (!Retry.Allows(failing, delay))
        {
            Retries.GivenUp.Add(f.Cause);
            var c = System.Globalization.CultureInfo.InvariantCulture;
            var budget = Retry.Deadline is null
                ? string.Create(c, $"the retry budget of {Retry.Budget.TotalSeconds:F0} s")
                : "the retry budget or the deadline";
            throw S3Failure.Exception(
                where, prefix, e, transient: true,
                after: string.Create(
                    c, $" (still failing after {n + 1} tries over {failing.TotalSeconds:F1} s: {budget} is spent)"));
        }
        Retries.Retried.Add(f.Cause);
        await Task.Delay(delay, Retry.Time, ct).ConfigureAwait(false);
    }
}
