using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Storage;

/// <summary>A failed S3 request: whether retrying may help, and a short cause for counts and messages.</summary>
/// <param name="Transient">Throttling, a 5xx answer, a timeout, a dropped connection, a cut or stalled body.</param>
/// <param name="Cause">The S3 error code (<c>SlowDown</c>), else the failure's kind (<c>connection</c>).</param>
internal readonly record struct S3Failure(bool Transient, string Cause)
{
    // S3's and the SDK's names for throttling and for failures on S3's side.
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled",
        "RequestThrottledException", "TooManyRequestsException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "RequestTimeout", "RequestTimeoutException", "InternalError", "ServiceUnavailable", "OperationAborted",
    };

    /// <summary>What <paramref name="e"/> is; null when it is no request failure (a defect: let it surface).</summary>
    public static S3Failure? Of(Exception e) => e switch
    {
        // A 200 whose body is cut or garbled (a listing's XML) is the network's failure, not S3's answer.
        AmazonUnmarshallingException or System.Xml.XmlException =>
            new S3Failure(true, "bad response"),
        AmazonServiceException s when s.StatusCode != 0 => new S3Failure(
            TransientCodes.Contains(s.ErrorCode ?? "") || (int)s.StatusCode >= 500
            || s.StatusCode == HttpStatusCode.TooManyRequests,
            string.IsNullOrEmpty(s.ErrorCode) ? $"HTTP {(int)s.StatusCode}" : s.ErrorCode),
        // The SDK wraps what the network did; the inner exception says whether it may pass.
        AmazonClientException { InnerException: { } inner } when Of(inner) is { } wrapped => wrapped,
        AmazonServiceException { InnerException: { } inner } when Of(inner) is { } wrapped => wrapped,
        TimeoutException or TaskCanceledException => new S3Failure(true, "timeout"),
        HttpRequestException or SocketException or IOException => new S3Failure(true, "connection"),
        AmazonClientException => new S3Failure(false, "client"),
        AmazonServiceException => new S3Failure(false, "service"),
        _ => null,
    };

    /// <summary>One message shape for every failed request: S3's error code and HTTP status when S3 answered, the
    /// exception's type when the request never got an answer.</summary>
    public static ObjectStoreException Exception(
        string where, string prefix, Exception e, bool transient, string after = "") => e switch
        {
            AmazonS3Exception s3 when s3.StatusCode != 0 => new ObjectStoreException(
                where,
                $"{prefix}{(string.IsNullOrEmpty(s3.ErrorCode) ? "S3 error" : s3.ErrorCode)} " +
                $"(HTTP {(int)s3.StatusCode}): {s3.Message}{after}",
                e,
                transient),
            _ => new ObjectStoreException(where, $"{prefix}{e.GetType().Name}: {e.Message}{after}", e, transient),
        };
}
