using GtCustomPose.Core.Rigs;
using GtCustomPose.LambdaRuntime;

namespace GtCustomPose.Functions;

/// <summary>
/// The rig every function reads the same way. Lives in this small shared project because the
/// rule needs both Core's parser and the runtime's settings, and LambdaRuntime stays free of Core.
/// </summary>
public static class RigSetting
{
    /// <summary>Rig JSON file; else <c>rig.json</c> beside the assembly; else the COCO 17-keypoint person.</summary>
    public const string Name = "GTPOSE_RIG_FILE";

    /// <summary>The rig <see cref="Name"/> names, else the bundled one, else <see cref="Rig.Coco17"/>.</summary>
    /// <param name="environment">Where <see cref="Name"/> is read.</param>
    /// <param name="baseDirectory">
    /// Where a bundled <c>rig.json</c> is looked for; the assembly's folder by default.
    /// </param>
    /// <exception cref="SettingException">The file named does not exist.</exception>
    /// <exception cref="RigException">The rig file is invalid.</exception>
    public static Rig Load(FunctionEnvironment environment, string? baseDirectory = null) =>
        environment.File(Name, Path.Combine(baseDirectory ?? AppContext.BaseDirectory, "rig.json")) is { } file
            ? RigParser.Parse(file.Text, file.Path)
            : Rig.Coco17;
}
