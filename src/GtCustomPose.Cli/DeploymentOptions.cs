using System.CommandLine;
using System.Collections.Frozen;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Pre;
using GtCustomPose.Core.Rigs;
using GtCustomPose.LambdaRuntime;

namespace GtCustomPose.Cli;

/// <summary>
/// The pre-annotation function's deployment settings (README, Configuration) as options of the local tools. An option
/// left out falls back to its environment variable, as on Lambda, so a deployment's settings play the same here.
/// </summary>
internal sealed class PreAnnotationOptions
{
    public Option<string?> Chained { get; } = new("--chained-label-attribute")
    {
        Description = "Label attribute of an earlier job whose labels become initial values " +
            "(GTPOSE_CHAINED_LABEL_ATTRIBUTE).",
    };

    public Option<bool> OnlyNeedsReview { get; } = new("--only-needs-review")
    {
        Description = "Only objects whose chained label needs review go to workers (GTPOSE_ONLY_NEEDS_REVIEW).",
    };

    public IEnumerable<Option> All => [Chained, OnlyNeedsReview];

    public string? ChainedLabelAttribute(ParseResult result) =>
        result.GetValue(Chained) ?? FunctionEnvironment.Process.Get("GTPOSE_CHAINED_LABEL_ATTRIBUTE");

    public PreAnnotationSettings Settings(ParseResult result, Rig rig) => new(
        rig,
        ChainedLabelAttribute(result),
        result.GetResult(OnlyNeedsReview) is null ? FunctionEnvironment.Process.Flag("GTPOSE_ONLY_NEEDS_REVIEW")
            : result.GetValue(OnlyNeedsReview));
}

/// <summary>The post-annotation function's deployment settings as options, each falling back to its variable.</summary>
internal sealed class PostAnnotationOptions
{
    public Option<double?> MinConfidence { get; } = Fraction("--review-min-confidence",
        "A skeleton whose expected OKS is below this needs review " +
            "(0 to 1; GTPOSE_REVIEW_MIN_CONFIDENCE, default 0.74).");

    public Option<double?> MinMeanConfidence { get; } = Fraction("--review-min-mean-confidence",
        "An object whose skeletons' mean expected OKS is below this needs review (0 to 1; " +
            "GTPOSE_REVIEW_MIN_MEAN_CONFIDENCE, default 0.85).");

    public Option<double?> MinAgreement { get; } = Fraction("--review-min-agreement",
        "A skeleton whose workers' mean OKS to the consensus is below this needs review (0 to 1; " +
            "GTPOSE_REVIEW_MIN_AGREEMENT, default 0.6).");

    public Option<bool> AuditMode { get; } = new("--audit-mode")
    {
        Description = "An audit job: one auditor is the norm, so a single worker is no review reason " +
            "(GTPOSE_AUDIT_MODE).",
    };

    public Option<string?> AllowedBuckets { get; } = new("--allowed-buckets")
    {
        Description = "Comma-separated buckets the function may read; any other is refused (GTPOSE_ALLOWED_BUCKETS).",
    };

    public IEnumerable<Option> All => [MinConfidence, MinMeanConfidence, MinAgreement, AuditMode, AllowedBuckets];

    /// <summary>The batch options a deployment with these settings runs with.</summary>
    public BatchOptions BatchOptions(ParseResult result, Action<string> log) => new()
    {
        Consolidation = Consolidation(result),
        AllowedBuckets = AllowedBucketSet(result),
        Log = log,
    };

    /// <summary>The review thresholds and audit mode.</summary>
    public ConsolidationOptions Consolidation(ParseResult result)
    {
        var consolidation = ConsolidationOptions.Default with
        {
            LowConfidenceThreshold = Value(result, MinConfidence, "GTPOSE_REVIEW_MIN_CONFIDENCE")
                ?? ConsolidationOptions.Default.LowConfidenceThreshold,
            LowMeanConfidenceThreshold = Value(result, MinMeanConfidence, "GTPOSE_REVIEW_MIN_MEAN_CONFIDENCE")
                ?? ConsolidationOptions.Default.LowMeanConfidenceThreshold,
            LowAgreementThreshold = Value(result, MinAgreement, "GTPOSE_REVIEW_MIN_AGREEMENT")
                ?? ConsolidationOptions.Default.LowAgreementThreshold,
        };
        var audit = result.GetResult(AuditMode) is null ? FunctionEnvironment.Process.Flag("GTPOSE_AUDIT_MODE")
            : result.GetValue(AuditMode);
        return consolidation with { AuditMode = audit };
    }

    /// <summary>The buckets the function may read; null for any.</summary>
    public IReadOnlySet<string>? AllowedBucketSet(ParseResult result)
    {
        var buckets = (result.GetValue(AllowedBuckets) ?? FunctionEnvironment.Process.Get("GTPOSE_ALLOWED_BUCKETS"))
            ?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return buckets is { Length: > 0 } ? buckets.ToFrozenSet(StringComparer.Ordinal) : null;
    }

    private static double? Value(ParseResult result, Option<double?> option, string variable) =>
        result.GetValue(option) ?? FunctionEnvironment.Process.Fraction(variable);

    private static Option<double?> Fraction(string name, string description)
    {
        var option = new Option<double?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } v && v is not (>= 0 and <= 1))
                r.AddError($"{name} takes a number from 0 to 1, not " +
                    $"{v.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        });
        return option;
    }
}
