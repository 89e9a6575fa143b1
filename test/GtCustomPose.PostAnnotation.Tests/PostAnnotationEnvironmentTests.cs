using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.LambdaRuntime;
using GtCustomPose.Testing;

namespace GtCustomPose.PostAnnotation.Tests;

public class PostAnnotationEnvironmentTests
{
    private static readonly TempFolder NoBundledRig = new("gtpose-no-rig");

    private static PostAnnotationSettings Read(params (string Name, string Value)[] variables) =>
        PostAnnotationEnvironment.Read(
            FunctionEnvironment.From(variables.ToDictionary(v => v.Name, v => v.Value)), NoBundledRig);

    [Fact]
    public void Read_NothingSet_CoreDefaults()
    {
        var settings = Read();
        settings.Rig.Should().BeSameAs(Rig.Coco17);
        settings.Batch.AllowedBuckets.Should().BeNull();
        settings.Batch.Consolidation.Should().Be(ConsolidationOptions.Default);
        settings.AssumeRole.Should().BeFalse();
        settings.VerifyChecksums.Should().BeFalse();
        settings.TimeBudget.Should().BeNull();
        settings.HeapHugePages.Should().BeTrue();
    }

    [Fact]
    public void Read_EverySettingLeftEmpty_SameAsUnset()
    {
        // The SAM template passes an empty string for every setting a deployment leaves to the code.
        var empty = new[]
        {
            PostAnnotationEnvironment.RigFile, PostAnnotationEnvironment.AllowedBuckets,
            PostAnnotationEnvironment.AssumeRole, PostAnnotationEnvironment.VerifyChecksums,
            PostAnnotationEnvironment.ReviewMinConfidence, PostAnnotationEnvironment.ReviewMinMeanConfidence,
            PostAnnotationEnvironment.ReviewMinAgreement, PostAnnotationEnvironment.ReviewMaxPWrong,
            PostAnnotationEnvironment.AuditMode, PostAnnotationEnvironment.TimeBudgetSeconds,
            PostAnnotationEnvironment.HeapHugePages,
        }.Select(name => (name, "")).ToArray();
        var settings = Read(empty);
        settings.Batch.Consolidation.Should().Be(ConsolidationOptions.Default);
        settings.Should().BeEquivalentTo(Read());
    }

    [Fact]
    public void Read_ReviewThresholds_SetTheConsolidationOptions()
    {
        var options = Read(
            (PostAnnotationEnvironment.ReviewMinConfidence, "0.5"),
            (PostAnnotationEnvironment.ReviewMinMeanConfidence, "0.6"),
            (PostAnnotationEnvironment.ReviewMinAgreement, "0.7"),
            (PostAnnotationEnvironment.ReviewMaxPWrong, "0.15")).Batch.Consolidation;
        options.Should().Be(ConsolidationOptions.Default with
        {
            LowConfidenceThreshold = 0.5,
            LowMeanConfidenceThreshold = 0.6,
            LowAgreementThreshold = 0.7,
            MaxPWrong = 0.15,
        });
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("often")]
    public void Read_MaxPWrongOutsideZeroToOne_ErrorNamesTheSetting(string value)
    {
        var read = () => Read((PostAnnotationEnvironment.ReviewMaxPWrong, value));
        read.Should().Throw<SettingException>().WithMessage($"{PostAnnotationEnvironment.ReviewMaxPWrong} is *");
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Read_AuditMode_SetsConsolidationAuditMode(string value, bool expected) =>
        Read((PostAnnotationEnvironment.AuditMode, value)).Batch.Consolidation.AuditMode.Should().Be(expected);

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Read_HeapHugePages_SetsIt(string value, bool expected) =>
        Read((PostAnnotationEnvironment.HeapHugePages, value)).HeapHugePages.Should().Be(expected);

    [Fact]
    public void Read_BucketsRoleChecksumsAndBudget_Read()
    {
        var settings = Read(
            (PostAnnotationEnvironment.AllowedBuckets, "labeling-bucket, other-bucket"),
            (PostAnnotationEnvironment.AssumeRole, "true"),
            (PostAnnotationEnvironment.VerifyChecksums, "true"),
            (PostAnnotationEnvironment.TimeBudgetSeconds, "290"));
        settings.Batch.AllowedBuckets.Should().BeEquivalentTo(["labeling-bucket", "other-bucket"]);
        settings.AssumeRole.Should().BeTrue();
        settings.VerifyChecksums.Should().BeTrue();
        settings.TimeBudget.Should().Be(TimeSpan.FromSeconds(290));
    }

    [Theory]
    [InlineData("GTPOSE_REVIEW_MIN_CONFIDENCE", "high", "a number from 0 to 1")]
    [InlineData("GTPOSE_REVIEW_MIN_MEAN_CONFIDENCE", "81", "a number from 0 to 1")]
    [InlineData("GTPOSE_REVIEW_MIN_AGREEMENT", "60%", "a number from 0 to 1")]
    [InlineData("GTPOSE_AUDIT_MODE", "audit", "true or false")]
    [InlineData("GTPOSE_ASSUME_ROLE", "arn:aws:iam::1:role/x", "true or false")]
    [InlineData("GTPOSE_VERIFY_CHECKSUMS", "md5", "true or false")]
    [InlineData("GTPOSE_HEAP_HUGE_PAGES", "maybe", "true or false")]
    [InlineData("GTPOSE_TIME_BUDGET_SECONDS", "5 minutes", "a positive number of seconds")]
    [InlineData("GTPOSE_RIG_FILE", "/nowhere/rig.json", "a file that exists")]
    public void Read_InvalidValue_StopsNamingTheSetting(string name, string value, string expected)
    {
        var act = () => Read((name, value));
        act.Should().Throw<SettingException>().WithMessage($"{name} is '{value}', expected {expected}");
    }

    [Fact]
    public void Read_RigJsonBesideTheAssembly_UsedWhenNoFileIsSet()
    {
        using var folder = new TempFolder("gtpose-bundled");
        File.WriteAllText(Path.Combine(folder, "rig.json"), """{"name": "bundled", "keypoints": ["a", "b"]}""");
        PostAnnotationEnvironment.Read(FunctionEnvironment.From(new Dictionary<string, string>()), folder)
            .Rig.Name.Should().Be("bundled");
    }
}
