using System.CommandLine;
using System.Globalization;
using GtCustomPose.Core.Batch;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Pre;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Functions;
using GtCustomPose.LambdaRuntime;
using GtCustomPose.PostAnnotation;
using GtCustomPose.PreAnnotation;

namespace GtCustomPose.Cli;

/// <summary>
/// The functions' deployment settings (docs/configuration.md) as options of the local tools. An option left out falls
/// back to its environment variable, as on Lambda: the options overlay the process's environment and the functions'
/// own <c>*Environment</c> types read the result, so names, defaults and parsing have one owner.
/// </summary>
internal static class DeploymentEnvironment
{
    /// <summary>The process's environment with the given options' values over it (null: not given).</summary>
    public static FunctionEnvironment Overlay(IEnumerable<(string Variable, string? Value)> options)
    {
        var given = options.Where(o => o.Value is not null).ToDictionary(o => o.Variable, o => o.Value!);
        return new FunctionEnvironment(name =>
            given.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name));
    }

    /// <summary>A flag's value when given on the command line; null falls back to its variable.</summary>
    public static string? Flag(ParseResult result, Option<bool> option) =>
        result.GetResult(option) is null ? null : result.GetValue(option) ? "true" : "false";

    /// <summary>A number's value when given, as the variable would hold it.</summary>
    public static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>The pre-annotation function's settings as options, each falling back to its variable.</summary>
internal sealed class PreAnnotationOptions
{
    public Option<string?> Chained { get; } = new("--chained-label-attribute")
    {
        Description = "Label attribute of an earlier job whose labels become initial values " +
            $"({PreAnnotationEnvironment.ChainedLabelAttribute}).",
    };

    public Option<bool> OnlyNeedsReview { get; } = new("--only-needs-review")
    {
        Description = "Only objects whose chained label needs review go to workers " +
            $"({PreAnnotationEnvironment.OnlyNeedsReview}).",
    };

    public IEnumerable<Option> All => [Chained, OnlyNeedsReview];

    public string? ChainedLabelAttribute(ParseResult result) => Read(result).ChainedLabelAttribute;

    /// <summary>The settings the function would run with, <paramref name="rig"/> (from --rig) its rig.</summary>
    public PreAnnotationSettings Settings(ParseResult result, Rig rig) => Read(result) with { Rig = rig };

    private PreAnnotationSettings Read(ParseResult result) => PreAnnotationEnvironment.Read(
        DeploymentEnvironment.Overlay(
        [
            // The rig comes from --rig (RigFiles), not from here.
            (PreAnnotationEnvironment.RigFile, ""),
            (PreAnnotationEnvironment.ChainedLabelAttribute, result.GetValue(Chained)),
            (PreAnnotationEnvironment.OnlyNeedsReview, DeploymentEnvironment.Flag(result, OnlyNeedsReview)),
        ]));
}

/// <summary>The post-annotation function's deployment settings as options, each falling back to its variable.</summary>
internal sealed class PostAnnotationOptions
{
    private static readonly ConsolidationOptions Defaults = ConsolidationOptions.Default;

    public Option<double?> MinConfidence { get; } = Fraction("--review-min-confidence",
        "A skeleton whose expected OKS is below this needs review",
        ReviewSettings.ReviewMinConfidence, Defaults.LowConfidenceThreshold);

    public Option<double?> MinMeanConfidence { get; } = Fraction("--review-min-mean-confidence",
        "An object whose skeletons' mean expected OKS is below this needs review",
        ReviewSettings.ReviewMinMeanConfidence, Defaults.LowMeanConfidenceThreshold);

    public Option<double?> MinAgreement { get; } = Fraction("--review-min-agreement",
        "A skeleton whose workers' mean OKS to the consensus is below this needs review",
        ReviewSettings.ReviewMinAgreement, Defaults.LowAgreementThreshold);

    public Option<double?> MaxPWrong { get; } = Fraction("--review-max-p-wrong",
        "The verdict is p_wrong above this, the review reasons only explain it",
        ReviewSettings.ReviewMaxPWrong, "off: every review reason sets the verdict");

    public Option<bool> AuditMode { get; } = new("--audit-mode")
    {
        Description = "An audit job: one auditor is the norm, so a single worker is no review reason " +
            $"({ReviewSettings.AuditMode}).",
    };

    public Option<string?> AllowedBuckets { get; } = new("--allowed-buckets")
    {
        Description = "Comma-separated buckets the function may read; any other is refused " +
            $"({PostAnnotationEnvironment.AllowedBuckets}).",
    };

    public IEnumerable<Option> All => [.. Thresholds, AuditMode, AllowedBuckets];

    /// <summary>The review thresholds alone, for the commands that consolidate but never read a payload.</summary>
    public IEnumerable<Option> Thresholds => [MinConfidence, MinMeanConfidence, MinAgreement, MaxPWrong];

    /// <summary>The batch options a deployment with these settings runs with.</summary>
    public BatchOptions BatchOptions(ParseResult result, Action<string> log) => Read(result).Batch with { Log = log };

    /// <summary>The review thresholds and audit mode, as every consolidating function reads them.</summary>
    public ConsolidationOptions Consolidation(ParseResult result) => ReviewSettings.Read(Environment(result));

    /// <summary>The buckets the function may read; null for any.</summary>
    public IReadOnlySet<string>? AllowedBucketSet(ParseResult result) => Read(result).Batch.AllowedBuckets;

    /// <summary>The thresholds and audit mode given on the command line, as options again (for the commands a
    /// summary suggests).</summary>
    public IEnumerable<string> Given(ParseResult result) =>
        Thresholds.OfType<Option<double?>>()
            .Where(o => result.GetValue(o) is not null)
            .Select(o => $"{o.Name} {DeploymentEnvironment.Number(result.GetValue(o))}")
            .Concat(Has(result, AuditMode) && result.GetValue(AuditMode) ? [AuditMode.Name] : []);

    private PostAnnotationSettings Read(ParseResult result) => PostAnnotationEnvironment.Read(Environment(result));

    private FunctionEnvironment Environment(ParseResult result) => DeploymentEnvironment.Overlay(
        [
            (PostAnnotationEnvironment.RigFile, ""),
            (ReviewSettings.ReviewMinConfidence, DeploymentEnvironment.Number(result.GetValue(MinConfidence))),
            (ReviewSettings.ReviewMinMeanConfidence,
                DeploymentEnvironment.Number(result.GetValue(MinMeanConfidence))),
            (ReviewSettings.ReviewMinAgreement, DeploymentEnvironment.Number(result.GetValue(MinAgreement))),
            (ReviewSettings.ReviewMaxPWrong, DeploymentEnvironment.Number(result.GetValue(MaxPWrong))),
            (ReviewSettings.AuditMode, Has(result, AuditMode) ? DeploymentEnvironment.Flag(result, AuditMode)
                : null),
            (PostAnnotationEnvironment.AllowedBuckets, Has(result, AllowedBuckets) ? result.GetValue(AllowedBuckets)
                : null),
        ]);

    // A command that lists only the thresholds leaves the other settings to their variables.
    private static bool Has(ParseResult result, Option option) => result.CommandResult.Command.Options.Contains(option);

    private static Option<double?> Fraction(string name, string description, string variable, double fallback) =>
        Fraction(name, description, variable, fallback.ToString(CultureInfo.InvariantCulture));

    private static Option<double?> Fraction(string name, string description, string variable, string fallback)
    {
        var option = new Option<double?>(name)
        {
            Description = string.Create(CultureInfo.InvariantCulture,
                $"{description} (0 to 1; {variable}, default {fallback})."),
        };
        return option.Check(v => v is not { } value || value is >= 0 and <= 1 ? null
            : $"{name} takes a number from 0 to 1, not {value.ToString(CultureInfo.InvariantCulture)}");
    }
}
