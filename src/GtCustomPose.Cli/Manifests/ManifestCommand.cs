using System.CommandLine;

namespace GtCustomPose.Cli;

/// <summary><c>gtpose manifest create|check|split</c>.</summary>
internal static class ManifestCommand
{
    public static Command Create() => new(
        "manifest",
        "Create an input manifest, check an augmented manifest for a training job, or split one into " +
        "train/val/test.")
    {
        ManifestCreateCommand.Create(),
        ManifestCheckCommand.Create(),
        ManifestSplitCommand.Create(),
    };
}
