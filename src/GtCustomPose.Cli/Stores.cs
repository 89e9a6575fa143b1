using System.Globalization;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using GtCustomPose.Core.Storage;
using GtCustomPose.Storage;

namespace GtCustomPose.Cli;

/// <summary>Where a command reads and writes s3:// objects: a local folder standing in for S3, or S3.</summary>
internal static class Stores
{
    /// <summary>The endpoint given, else <c>AWS_ENDPOINT_URL_S3</c>; null for AWS's own.</summary>
    public static string? Endpoint(string? option) =>
        option ?? (Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3") is { Length: > 0 } e ? e : null);

    /// <summary>The local folder when given, else S3 (through the endpoint when given), with credentials.</summary>
    public static IObjectStore Open(DirectoryInfo? folder, string? endpoint)
    {
        if (folder is not null) return new LocalFolderStore(folder.FullName);
        RequireCredentials();
        return new S3ObjectStore(S3ObjectStore.CreateClient(endpoint));
    }

    /// <summary>A store when a folder or an endpoint is given; null reads local files only.</summary>
    public static IObjectStore? OpenOrNull(DirectoryInfo? folder, string? endpoint) =>
        folder is not null || endpoint is not null ? Open(folder, endpoint) : null;

    /// <summary>
    /// A local job's store: the folder given, else S3 through an endpoint, else <paramref name="fallback"/> (a folder
    /// in the output folder). Returns the folder used, null for S3.
    /// </summary>
    public static (IObjectStore Store, string? Folder) ForJob(DirectoryInfo? folder, string? endpoint, string fallback)
    {
        var path = folder?.FullName ?? (endpoint is null ? fallback : null);
        return path is not null ? (new LocalFolderStore(path), path) : (Open(null, endpoint), null);
    }

    /// <summary>How a task page in <paramref name="tasksDir"/> reaches an image: a relative path in a local store,
    /// else an https URL (grant_read_access stands in for a presigned URL).</summary>
    public static string TaskPageUrl(string uri, IObjectStore store, string tasksDir, string? endpoint)
    {
        if (!S3Uri.TryParse(uri, out var s3)) return uri;
        if (store is LocalFolderStore local) return Path.GetRelativePath(tasksDir, local.PathOf(s3)).Replace('\\', '/');
        return endpoint is null
            ? string.Create(CultureInfo.InvariantCulture, $"https://{s3.Bucket}.s3.amazonaws.com/{s3.Key}")
            : $"{endpoint.TrimEnd('/')}/{s3.Bucket}/{s3.Key}";
    }

    /// <summary>S3 needs credentials: without any, say so before any work starts, and what to use instead.</summary>
    public static void RequireCredentials()
    {
        try
        {
            new DefaultAWSCredentialsIdentityResolver().ResolveIdentity(null);
        }
        catch (AmazonClientException)
        {
            throw new UserError("S3 needs AWS credentials and none were found: give --store DIR to read a local " +
                "folder standing in for S3, or --s3-endpoint URL (or AWS_ENDPOINT_URL_S3) with AWS_ACCESS_KEY_ID " +
                "and AWS_SECRET_ACCESS_KEY set");
        }
    }
}
