using System.Text.Json.Serialization;

namespace GtCustomPose.Core.Jobs;

/// <summary>One worker-response file as a pass read it.</summary>
/// <param name="Uri">The file, <c>s3://bucket/key</c>.</param>
/// <param name="Bytes">Bytes read; 0 when it could not be read.</param>
/// <param name="Content">
/// <c>sha256:</c> and the SHA-256 of its bytes (lower-case hex); or <c>unreadable: </c> and the store's error code
/// (<c>NoSuchKey</c>, <c>AccessDenied</c>); or <c>too large</c>.
/// </param>
public sealed record ResponseFileRead(
    [property: JsonPropertyName("uri")] string Uri,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("content")] string Content);
