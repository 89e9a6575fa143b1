using GtCustomPose.Core.Consolidation;
using GtCustomPose.LambdaRuntime;

namespace GtCustomPose.Functions;

/// <summary>
/// The review thresholds every consolidating function reads the same way (post-annotation and job-level
/// re-consolidation), so that a job's labels follow one configuration.
/// </summary>
public static class ReviewSettings
{
    /// <summary>A skeleton whose expected OKS is below this needs review (0 to 1).</summary>
    public const string ReviewMinConfidence = "GTPOSE_REVIEW_MIN_CONFIDENCE";

    /// <summary>An object whose skeletons' mean expected OKS is below this needs review (0 to 1).</summary>
    public const string ReviewMinMeanConfidence = "GTPOSE_REVIEW_MIN_MEAN_CONFIDENCE";

    /// <summary>A skeleton whose workers' mean OKS to the consensus is below this needs review (0 to 1).</summary>
    public const string ReviewMinAgreement = "GTPOSE_REVIEW_MIN_AGREEMENT";

    /// <summary>
    /// When set (0 to 1), the verdict is p_wrong above this, the review reasons its explanation
    /// (<see cref="ConsolidationOptions.MaxPWrong"/>); unset, every review reason sets the verdict.
    /// </summary>
    public const string ReviewMaxPWrong = "GTPOSE_REVIEW_MAX_P_WRONG";

    /// <summary><c>true</c>: an audit job, one worker the norm: <c>single_worker</c> is no review reason.</summary>
    public const string AuditMode = "GTPOSE_AUDIT_MODE";

    /// <summary>
    /// <see cref="ConsolidationOptions.Default"/> with the thresholds <paramref name="environment"/> sets; unset ones
    /// keep the defaults.
    /// </summary>
    /// <exception cref="SettingException">A threshold is outside 0 to 1, or a flag is not true or false.</exception>
    public static ConsolidationOptions Read(FunctionEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        // How much goes to review is the team's trade of recall against review load (docs, label quality).
        var options = ConsolidationOptions.Default;
        if (environment.Fraction(ReviewMinConfidence) is { } confidence)
            options = options with { LowConfidenceThreshold = confidence };
        if (environment.Fraction(ReviewMinMeanConfidence) is { } mean)
            options = options with { LowMeanConfidenceThreshold = mean };
        if (environment.Fraction(ReviewMinAgreement) is { } agreement)
            options = options with { LowAgreementThreshold = agreement };
        if (environment.Fraction(ReviewMaxPWrong) is { } maxPWrong)
            options = options with { MaxPWrong = maxPWrong };
        if (environment.Flag(AuditMode))
            options = options with { AuditMode = true };
        return options;
    }
}
