using GtCustomPose.Core.Pre;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Functions;
using GtCustomPose.LambdaRuntime;

namespace GtCustomPose.PreAnnotation;

/// <summary>The pre-annotation function's settings, read from its environment (docs/configuration.md).</summary>
public static class PreAnnotationEnvironment
{
    /// <summary>Rig JSON file; else <c>rig.json</c> beside the assembly; else the COCO 17-keypoint person.</summary>
    public const string RigFile = RigSetting.Name;

    /// <summary>Label attribute of an earlier job whose labels become initial values; none by default.</summary>
    public const string ChainedLabelAttribute = "GTPOSE_CHAINED_LABEL_ATTRIBUTE";

    /// <summary><c>true</c>: only objects whose chained label needs review go to workers; default false.</summary>
    public const string OnlyNeedsReview = "GTPOSE_ONLY_NEEDS_REVIEW";

    /// <summary>The settings <paramref name="environment"/> gives; unset ones take the code's defaults.</summary>
    /// <param name="environment">Where settings are read.</param>
    /// <param name="baseDirectory">
    /// Where a bundled <c>rig.json</c> is looked for; the assembly's folder by default.
    /// </param>
    /// <exception cref="SettingException">A setting is invalid: the function does not start.</exception>
    /// <exception cref="RigException">The rig file is invalid.</exception>
    public static PreAnnotationSettings Read(FunctionEnvironment environment, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new PreAnnotationSettings(
            RigSetting.Load(environment, baseDirectory),
            environment.Get(ChainedLabelAttribute),
            environment.Flag(OnlyNeedsReview));
    }

    /// <summary>The rig <see cref="RigFile"/> names, else the bundled one, else <see cref="Rig.Coco17"/>.</summary>
    /// <param name="environment">Where <see cref="RigFile"/> is read.</param>
    /// <param name="baseDirectory">
    /// Where a bundled <c>rig.json</c> is looked for; the assembly's folder by default.
    /// </param>
    /// <exception cref="SettingException">The file named does not exist.</exception>
    /// <exception cref="RigException">The rig file is invalid.</exception>
    public static Rig LoadRig(FunctionEnvironment environment, string? baseDirectory = null) =>
        RigSetting.Load(environment, baseDirectory);
}
