using System.CommandLine;
using GtCustomPose.Core;

namespace GtCustomPose.Cli;

/// <summary>The options several commands take, each spelled and defaulted once.</summary>
internal static class SharedOptions
{
    public static Option<FileInfo?> Rig() => new("--rig")
    {
        Description = "Rig JSON file (default: GTPOSE_RIG_FILE, else the COCO 17-keypoint person).",
    };

    public static Option<string?> Endpoint() => new("--s3-endpoint")
    {
        Description = "S3 API endpoint, e.g. http://127.0.0.1:5000 (default: AWS_ENDPOINT_URL_S3).",
    };

    public static Option<DirectoryInfo?> Store() => new("--store")
    {
        Description = "Local folder standing in for S3: s3://bucket/key is FOLDER/bucket/key.",
    };

    /// <summary>The label attribute to read or write; every command defaults it to <c>pose</c>.</summary>
    public static Option<string> LabelAttribute(string description = "Label attribute name") =>
        new("--label-attribute")
        {
            Description = $"{description} (default: {LabelAttributes.Default}).",
            DefaultValueFactory = _ => LabelAttributes.Default,
        };

    public static Option<string> AuditLabelAttribute() => new("--audit-label-attribute")
    {
        Description = $"The audit job's label attribute (default: {LabelAttributes.DefaultAudit}).",
        DefaultValueFactory = _ => LabelAttributes.DefaultAudit,
    };

    /// <summary><c>--force</c> of a command that writes an output folder (<see cref="Jobs.OutputFolder"/>).</summary>
    public static Option<bool> Force() => new("--force")
    {
        Description = "Replace an earlier run's outputs in --out (refused without it, so two runs never mix).",
    };

    /// <summary>An input manifest that may live in S3.</summary>
    public static Option<string> Manifest(string description = "Output manifest") => new("--manifest")
    {
        Description = $"{description} (JSON Lines): a local file or an s3:// URI.",
        Required = true,
    };

    /// <summary>The seed of what a command simulates; <paramref name="what"/> says what that is.</summary>
    public static Option<int> Seed(string what, int fallback = 7) => new("--seed")
    {
        Description = $"Seed of the simulation ({what}); the same seed plays the same run (default {fallback}).",
        DefaultValueFactory = _ => fallback,
    };
}
