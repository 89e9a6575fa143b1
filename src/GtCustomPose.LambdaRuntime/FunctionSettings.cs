using System.Globalization;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.LambdaRuntime;

/// <summary>
/// Function configuration from environment variables, read once per execution environment.
/// <list type="table">
/// <item><term>GTPOSE_RIG_FILE</term><description>Path of a rig JSON file; else <c>rig.json</c> beside the function's assembly; else the COCO 17-keypoint person.</description></item>
/// <item><term>GTPOSE_CHAINED_LABEL_ATTRIBUTE</term><description>Pre-annotation: label attribute of the earlier job whose labels become initial values.</description></item>
/// <item><term>GTPOSE_ONLY_NEEDS_REVIEW</term><description>Pre-annotation: <c>true</c> sends only objects whose chained label needs review to workers.</description></item>
/// <item><term>GTPOSE_COMPONENT_SCRIPT_URI</term><description>Pre-annotation: S3 URI of the crowd-2d-skeleton script the worker template loads.</description></item>
/// <item><term>GTPOSE_ALLOWED_BUCKETS</term><description>Post-annotation: comma-separated buckets that may be read; any when unset.</description></item>
/// <item><term>GTPOSE_ASSUME_ROLE</term><description>Post-annotation: <c>true</c> reads S3 as the event's <c>roleArn</c>.</description></item>
/// <item><term>GTPOSE_VERIFY_CHECKSUMS</term><description>Post-annotation: <c>true</c> has the SDK check every object read against its stored MD5 and CRC32 (off: HTTPS and the length check guard the reads).</description></item>
/// <item><term>GTPOSE_REVIEW_MIN_CONFIDENCE</term><description>Post-annotation: a skeleton whose expected OKS is below this needs review (0 to 1; default 0.74).</description></item>
/// <item><term>GTPOSE_REVIEW_MIN_MEAN_CONFIDENCE</term><description>Post-annotation: an object whose skeletons' mean expected OKS is below this needs review (0 to 1; default 0.81).</description></item>
/// <item><term>GTPOSE_REVIEW_MIN_AGREEMENT</term><description>Post-annotation: a skeleton whose workers' mean OKS to the consensus is below this needs review (0 to 1; default 0.6).</description></item>
/// <item><term>GTPOSE_TIME_BUDGET_SECONDS</term><description>Post-annotation on the managed runtime (no deadline header): the function's timeout.</description></item>
/// </list>
/// </summary>
public static class FunctionSettings
{
    /// <summary>The rig the environment configures.</summary>
    /// <exception cref="RigException">The rig file is missing or invalid; the function fails to start with this message.</exception>
    public static Rig LoadRig(string? baseDirectory = null)
    {
        var path = Environment.GetEnvironmentVariable("GTPOSE_RIG_FILE");
        if (string.IsNullOrWhiteSpace(path))
        {
            var bundled = Path.Combine(baseDirectory ?? AppContext.BaseDirectory, "rig.json");
            if (!File.Exists(bundled)) return Rig.Coco17;
            path = bundled;
        }
        if (!File.Exists(path)) throw new RigException($"rig {path}: the file does not exist (GTPOSE_RIG_FILE)");
        return RigParser.Parse(File.ReadAllText(path), path);
    }

    /// <summary>A string setting, null when unset or blank.</summary>
    public static string? Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    /// <summary>A setting from 0 to 1, null when unset.</summary>
    /// <exception cref="FormatException">The value is not a number from 0 to 1; the function fails to start with this message.</exception>
    public static double? Fraction(string name)
    {
        if (Get(name) is not { } text) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1) return value;
        throw new FormatException($"{name} is '{text}', expected a number from 0 to 1");
    }

    /// <summary>A boolean setting: true for <c>true</c>, <c>1</c> or <c>yes</c>.</summary>
    public static bool Flag(string name) => Get(name)?.ToLowerInvariant() is "true" or "1" or "yes";
}
