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
/// Retries of throttling and 5xx answers are the SDK's standard retry policy.
/// </summary>
/// <param name="s3">The client.</param>
/// <param name="verifyChecksums">
/// True (the default): objects are read with a plain GET and the SDK checks the body against the stored MD5 and CRC32.
/// False: a full-range GET (<c>bytes=0-</c>), which the SDK does not check against the ETag's MD5; with a client that
/// validates responses only when asked (<see cref="Create"/> builds both alike) it skips the CRC32 too. Integrity then
/// rests on HTTPS and on the body's length. The SDK hashes in managed code, which the README's Performance section
/// measures (the <c>s3read</c> benchmark).
/// </param>
public sealed class S3ObjectStore(IAmazonS3 s3, bool verifyChecksums = true) : IObjectStore
{
    /// <summary>The client this store uses.</summary>
    public IAmazonS3 Client { get; } = s3;

    /// <summary>Whether reads are checked against the object's stored checksums.</summary>
    public bool VerifyChecksums { get; } = verifyChecksums;

    /// <summary>Keys asked for per ListObjectsV2 page (1 to 1,000). Default 1,000, S3's maximum.</summary>
    public int ListPageSize { get; init; } = 1000;

    /// <summary>A store over a client from <see cref="CreateClient"/>, both set alike for
    /// <paramref name="verifyChecksums"/>.</summary>
    public static S3ObjectStore Create(
        string? endpoint = null,
        AWSCredentials? credentials = null,
        bool verifyChecksums = true,
        int? maxErrorRetry = null) =>
        new(CreateClient(endpoint, credentials, maxErrorRetry, verifyChecksums), verifyChecksums);

    /// <summary>Creates an S3 client from the environment: region from <c>AWS_REGION</c>, endpoint from
    /// <c>AWS_ENDPOINT_URL_S3</c>.</summary>
    /// <param name="endpoint">Overrides <c>AWS_ENDPOINT_URL_S3</c>.</param>
    /// <param name="credentials">Overrides the default credential chain.</param>
    /// <param name="maxErrorRetry">SDK retries per request; the SDK default when null.</param>
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
    public async Task<Stream> OpenReadAsync(S3Uri uri, CancellationToken cancellationToken = default)
    {
        try
        {
            var request = new GetObjectRequest { BucketName = uri.Bucket, Key = uri.Key };
            if (!VerifyChecksums) request.ByteRange = new ByteRange("bytes=0-");
            GetObjectResponse response;
            try
            {
                response = await Client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (
                e.StatusCode == System.Net.HttpStatusCode.RequestedRangeNotSatisfiable && request.ByteRange is not null)
            {
                // An empty object has no byte 0.
                request.ByteRange = null;
                response = await Client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            }
            return new ResponseStream(response);
        }
        catch (Exception e) when (IsRequestFailure(e))
        {
            throw Failure(uri.ToString(), "", e);
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
    public async Task WriteAsync(
        S3Uri uri, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        try
        {
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
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRequestFailure(e))
        {
            throw Failure(uri.ToString(), "", e);
        }
    }

    /// <inheritdoc />
    /// <remarks>One ListObjectsV2 request per <see cref="ListPageSize"/> keys, each page yielded before the next is
    /// asked for.</remarks>
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
            var page = await ListPageAsync(request, cancellationToken).ConfigureAwait(false);
            foreach (var o in page.S3Objects ?? []) yield return new S3Uri(bucket, o.Key);
            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken)) yield break;
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    private async Task<ListObjectsV2Response> ListPageAsync(
        ListObjectsV2Request request, CancellationToken cancellationToken)
    {
        var where = $"s3://{request.BucketName}/{request.Prefix}";
        try { return await Client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false); }
        catch (Exception e) when (IsRequestFailure(e))
        {
            throw Failure(where, "listing failed: ", e);
        }
    }

    private static bool IsRequestFailure(Exception e) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException;

    /// <summary>One message shape for every failed request: S3's error code and HTTP status when S3 answered, the
    /// exception's type when the request never got an answer.</summary>
    private static ObjectStoreException Failure(string where, string prefix, Exception e) => e switch
    {
        AmazonS3Exception s3 => new ObjectStoreException(
            where,
            $"{prefix}{(string.IsNullOrEmpty(s3.ErrorCode) ? "S3 error" : s3.ErrorCode)} " +
            $"(HTTP {(int)s3.StatusCode}): {s3.Message}",
            e),
        _ => new ObjectStoreException(where, $"{prefix}{e.GetType().Name}: {e.Message}", e),
    };

    /// <summary>The object's body; disposing it disposes the whole response.</summary>
    private sealed class ResponseStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _inner = response.ResponseStream;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _inner.Length;
        public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(
            byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) response.Dispose();
            base.Dispose(disposing);
        }
    }
}
