using GtCustomPose.Core.Rigs;
using GtCustomPose.LambdaRuntime;
using GtCustomPose.Testing;

namespace GtCustomPose.PreAnnotation.Tests;

public class PreAnnotationEnvironmentTests
{
    private static readonly TempFolder NoBundledRig = new("gtpose-no-rig");

    private static FunctionEnvironment Env(params (string Name, string Value)[] variables) =>
        FunctionEnvironment.From(variables.ToDictionary(v => v.Name, v => v.Value));

    [Fact]
    public void Read_NothingSet_CodeDefaults()
    {
        var settings = PreAnnotationEnvironment.Read(Env(), NoBundledRig);
        settings.Rig.Should().BeSameAs(Rig.Coco17);
        settings.ChainedLabelAttribute.Should().BeNull();
        settings.OnlyObjectsNeedingReview.Should().BeFalse();
    }

    [Fact]
    public void Read_EverySettingSet_Used()
    {
        var settings = PreAnnotationEnvironment.Read(
            Env((PreAnnotationEnvironment.ChainedLabelAttribute, "pose"),
                (PreAnnotationEnvironment.OnlyNeedsReview, "true")),
            NoBundledRig);
        settings.ChainedLabelAttribute.Should().Be("pose");
        settings.OnlyObjectsNeedingReview.Should().BeTrue();
    }

    [Fact]
    public void Read_SettingsLeftEmpty_CodeDefaults()
    {
        // A deployment template passes empty strings for settings it leaves to the code.
        var settings = PreAnnotationEnvironment.Read(
            Env((PreAnnotationEnvironment.ChainedLabelAttribute, ""), (PreAnnotationEnvironment.OnlyNeedsReview, ""),
                (PreAnnotationEnvironment.RigFile, "")),
            NoBundledRig);
        settings.Should().Be(PreAnnotationEnvironment.Read(Env(), NoBundledRig));
    }

    [Fact]
    public void Read_FlagNotABoolean_StopsNamingTheSetting()
    {
        var act = () => PreAnnotationEnvironment.Read(Env((PreAnnotationEnvironment.OnlyNeedsReview, "only")));
        act.Should().Throw<SettingException>()
            .WithMessage("GTPOSE_ONLY_NEEDS_REVIEW is 'only', expected true or false");
    }

    [Fact]
    public void Read_RigFileMissing_StopsNamingTheSetting()
    {
        var act = () => PreAnnotationEnvironment.Read(
            Env((PreAnnotationEnvironment.RigFile, "/nowhere/rig.json")));
        act.Should().Throw<SettingException>().WithMessage("GTPOSE_RIG_FILE is '/nowhere/rig.json'*");
    }

    [Fact]
    public void Read_RigFileSet_ParsesIt()
    {
        using var folder = new TempFolder("gtpose-rig");
        var path = Path.Combine(folder, "truck.json");
        File.WriteAllText(path, """{"name": "truck", "keypoints": ["front", "back"]}""");
        var settings = PreAnnotationEnvironment.Read(Env((PreAnnotationEnvironment.RigFile, path)), NoBundledRig);
        settings.Rig.Name.Should().Be("truck");
    }

    [Fact]
    public void Read_RigJsonBesideTheAssembly_UsedWhenNoFileIsSet()
    {
        using var folder = new TempFolder("gtpose-bundled");
        File.WriteAllText(Path.Combine(folder, "rig.json"), """{"name": "bundled", "keypoints": ["a", "b"]}""");
        PreAnnotationEnvironment.Read(Env(), folder).Rig.Name.Should().Be("bundled");
    }

    [Fact]
    public void Read_RigInvalid_RigExceptionSaysWhy()
    {
        using var temp = new TempFolder("gtpose-path");
        var path = Path.Combine(temp, "path.json");
        File.WriteAllText(path, """{"keypoints": ["a", "a"]}""");
        var act = () => PreAnnotationEnvironment.Read(Env((PreAnnotationEnvironment.RigFile, path)), NoBundledRig);
        act.Should().Throw<RigException>().WithMessage("*duplicate keypoint label 'a'*");
    }
}
