using GtCustomPose.Core.Rigs;
using GtCustomPose.Functions;

namespace GtCustomPose.Cli;

/// <summary>The rig a command uses: <c>--rig FILE</c>, else what the functions' settings give.</summary>
internal static class RigFiles
{
    public static Rig Load(FileInfo? file)
    {
        if (file is { Exists: false })
            throw new UserError($"{file.FullName}: no such rig file; give --rig FILE (a rig JSON) " +
                "or leave it out for the COCO person");
        return RigSetting.Load(DeploymentEnvironment.Overlay([(RigSetting.Name, file?.FullName)]));
    }
}
