namespace GtCustomPose.Core.Storage;

/// <summary>An S3 object address, <c>s3://bucket/key</c>.</summary>
public readonly record struct S3Uri(string Bucket, string Key)
{
    /// <summary>Parses <c>s3://bucket/key</c>; any other scheme, an empty bucket or an empty key fails.</summary>
    public static bool TryParse(string? text, out S3Uri uri)
    {
        uri = default;
        if (text is null || !text.StartsWith("s3://", StringComparison.Ordinal)) return false;
        var rest = text.AsSpan(5);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1) return false;
        uri = new S3Uri(rest[..slash].ToString(), rest[(slash + 1)..].ToString());
        return true;
    }

    /// <summary>Parses or throws <see cref="ObjectStoreException"/> naming the text.</summary>
    public static S3Uri Parse(string? text) => TryParse(text, out var uri) ? uri
        : throw new ObjectStoreException(text ?? "(null)", "not an s3://bucket/key URI; only s3:// URIs are read");

    /// <inheritdoc />
    public override string ToString() => $"s3://{Bucket}/{Key}";
}
