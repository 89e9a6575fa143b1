using System.CommandLine;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;
using GtCustomPose.LambdaRuntime;
using GtCustomPose.Storage;

namespace GtCustomPose.Cli;

/// <summary>Options and services the commands share.</summary>
internal static class Common
{
    public static Option<FileInfo?> RigOption() => new("--rig") { Description = "Rig JSON file (default: GTPOSE_RIG_FILE, else the COCO 17-keypoint person)." };

    public static Option<string?> EndpointOption() => new("--s3-endpoint") { Description = "S3 API endpoint, e.g. http://127.0.0.1:5000 (default: AWS_ENDPOINT_URL_S3)." };

    public static Option<DirectoryInfo?> StoreOption() => new("--store") { Description = "Local folder standing in for S3: s3://bucket/key is FOLDER/bucket/key." };

    public static Rig LoadRig(FileInfo? file)
    {
        if (file is null) return FunctionSettings.LoadRig();
        if (!file.Exists) throw new UserError($"{file.FullName}: no such rig file; give --rig FILE (a rig JSON) or leave it out for the COCO person");
        return RigParser.Parse(File.ReadAllText(file.FullName), file.FullName);
    }

    /// <summary>The local folder when given, else S3 (through the endpoint when given), whose credentials must resolve.</summary>
    public static IObjectStore Store(DirectoryInfo? folder, string? endpoint)
    {
        if (folder is not null) return new LocalFolderStore(folder.FullName);
        RequireCredentials();
        return new S3ObjectStore(S3ObjectStore.CreateClient(endpoint));
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
            throw new UserError("S3 needs AWS credentials and none were found: give --store DIR to read a local folder " +
                "standing in for S3, or --s3-endpoint URL (or AWS_ENDPOINT_URL_S3) with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set");
        }
    }

    /// <summary>A path or value as a shell word, for the commands the summary suggests.</summary>
    public static string Shell(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or ':' or '=' or ',')
            ? text : $"'{text.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
