using System.CommandLine;
using System.Globalization;
using GtCustomPose.Core.Workflow;

namespace GtCustomPose.Cli.Workflow;

/// <summary>The routing options <c>workflow route</c> and <c>workflow run</c> share.</summary>
internal static class WorkflowOptions
{
    public static Option<double> SampleRate() => Share(new Option<double>("--sample-rate")
    {
        Description = "Share (0 to 1) of the objects that need no review sent to the audit as QA samples.",
        DefaultValueFactory = _ => 0.05,
    });

    public static Option<double> MaxAuditShare() => Share(new Option<double>("--max-audit-share")
    {
        Description = "Most objects (share of the manifest, 0 to 1) the audit may hold: the flagged objects fill " +
                      "what objects without a label and the QA sample leave, riskiest first; 1 sends every one.",
        DefaultValueFactory = _ => new RouteOptions().MaxAuditShare,
    });

    /// <summary>The QA sample's seed: not <c>--seed</c>, which seeds a simulation wherever the CLI simulates.</summary>
    public static Option<long> QaSeed() =>
        new("--qa-seed") { Description = "Seed of the QA sample (default 1).", DefaultValueFactory = _ => 1 };

    /// <summary>A share outside 0 to 1 is a usage error found while parsing, before anything is written.</summary>
    private static Option<double> Share(Option<double> option)
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is var v && v is not (>= 0 and <= 1))
                r.AddError(string.Create(
                    CultureInfo.InvariantCulture, $"{option.Name} is {v}, expected a number from 0 to 1"));
        });
        return option;
    }
}
