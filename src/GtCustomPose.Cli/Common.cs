using System.CommandLine;
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

    public static Rig LoadRig(FileInfo? file) =>
        file is null ? PreAnnotation.PreAnnotationEnvironment.LoadRig(FunctionEnvironment.Process)
            : RigParser.Parse(File.ReadAllText(file.FullName), file.FullName);

    /// <summary>The local folder when given, else S3 (through the endpoint when given).</summary>
    public static IObjectStore Store(DirectoryInfo? folder, string? endpoint) =>
        folder is not null ? new LocalFolderStore(folder.FullName) : new S3ObjectStore(S3ObjectStore.CreateClient(endpoint));
}
