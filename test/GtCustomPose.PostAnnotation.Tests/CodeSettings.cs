using System.Globalization;
using System.Reflection;
using GtCustomPose.Core.Pre;
using GtCustomPose.Core.Rigs;
using GtCustomPose.LambdaRuntime;
using GtCustomPose.PreAnnotation;
using GtCustomPose.Testing;

namespace GtCustomPose.PostAnnotation.Tests;

/// <summary>What the functions' code reads from the environment, and what it uses when a setting is unset.</summary>
internal static class CodeSettings
{
    private static readonly TempFolder NoBundledRig = new("gtpose-no-rig");

    /// <summary>The variables the pre-annotation function reads (its setting names).</summary>
    public static IReadOnlySet<string> Pre { get; } = Names(typeof(PreAnnotationEnvironment));

    /// <summary>The variables the post-annotation function reads.</summary>
    public static IReadOnlySet<string> Post { get; } = Names(typeof(PostAnnotationEnvironment));

    public static PreAnnotationSettings ReadPre(IReadOnlyDictionary<string, string> variables) =>
        PreAnnotationEnvironment.Read(FunctionEnvironment.From(variables), NoBundledRig);

    public static PostAnnotationSettings ReadPost(IReadOnlyDictionary<string, string> variables) =>
        PostAnnotationEnvironment.Read(FunctionEnvironment.From(variables), NoBundledRig);

    /// <summary>Each setting's default as docs/configuration.md writes it: <c>`value`</c>, or <c>none</c>.</summary>
    public static IReadOnlyDictionary<string, string> Defaults()
    {
        var pre = ReadPre(new Dictionary<string, string>());
        var post = ReadPost(new Dictionary<string, string>());
        var consolidation = post.Batch.Consolidation;
        return new Dictionary<string, string>
        {
            [PreAnnotationEnvironment.RigFile] =
                pre.Rig == Rig.Coco17 && post.Rig == Rig.Coco17 ? "COCO 17" : Code(pre.Rig.Name),
            [PreAnnotationEnvironment.ChainedLabelAttribute] = Code(pre.ChainedLabelAttribute),
            [PreAnnotationEnvironment.OnlyNeedsReview] = Code(pre.OnlyObjectsNeedingReview),
            [PostAnnotationEnvironment.AllowedBuckets] =
                Code(post.Batch.AllowedBuckets is { } buckets ? string.Join(',', buckets) : null),
            [PostAnnotationEnvironment.AssumeRole] = Code(post.AssumeRole),
            [PostAnnotationEnvironment.VerifyChecksums] = Code(post.VerifyChecksums),
            [PostAnnotationEnvironment.ReviewMinConfidence] = Code(consolidation.LowConfidenceThreshold),
            [PostAnnotationEnvironment.ReviewMinMeanConfidence] = Code(consolidation.LowMeanConfidenceThreshold),
            [PostAnnotationEnvironment.ReviewMinAgreement] = Code(consolidation.LowAgreementThreshold),
            [PostAnnotationEnvironment.ReviewMaxPWrong] = Code(consolidation.MaxPWrong),
            [PostAnnotationEnvironment.AuditMode] = Code(consolidation.AuditMode),
            [PostAnnotationEnvironment.TimeBudgetSeconds] = Code(post.TimeBudget?.TotalSeconds),
            [PostAnnotationEnvironment.S3RetrySeconds] = Code(post.S3RetryBudget.TotalSeconds),
            [PostAnnotationEnvironment.HeapHugePages] = Code(post.HeapHugePages),
        };
    }

    /// <summary>Whether <paramref name="name"/> = <paramref name="value"/> leaves both functions as if unset.</summary>
    public static bool ChangesNothing(string name, string value)
    {
        var none = new Dictionary<string, string>();
        var set = new Dictionary<string, string> { [name] = value };
        return ReadPre(set) == ReadPre(none) && ReadPost(set) == ReadPost(none);
    }

    private static string Code(object? value) => value switch
    {
        null => "none",
        bool b => b ? "`true`" : "`false`",
        double d => $"`{d.ToString(CultureInfo.InvariantCulture)}`",
        _ => $"`{value}`",
    };

    private static HashSet<string> Names(Type settings) =>
        settings.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
}
