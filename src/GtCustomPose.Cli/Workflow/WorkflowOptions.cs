using System.CommandLine;
using System.Globalization;
using GtCustomPose.Core.Workflow;

namespace GtCustomPose.Cli.Workflow;

/// <summary>The routing options <c>workflow route</c> and <c>workflow run</c> share.</summary>
internal static class WorkflowOptions
{
    public static Option<double> SampleRate() => Share(new Option<double>("--sample-rate")
    {
        Description = "QA sample size as a share (0 to 1) of the manifest's objects, at least one; drawn inside " +
                      "--max-audit-share from the labeled objects the ranking leaves.",
        DefaultValueFactory = _ => RouteOptions.DefaultSampleRate,
    });

    public static Option<double> MaxAuditShare() => Share(new Option<double>("--max-audit-share")
    {
        Description = "The audit budget (share of the manifest, 0 to 1): objects without a label, the QA sample, " +
                      "then the labels by p_wrong, highest first; 1 audits every object.",
        DefaultValueFactory = _ => RouteOptions.DefaultMaxAuditShare,
    });

    public static Option<double> TargetError() => Share(new Option<double>("--target-error")
    {
        Description = "The team's target for the residual error rate (0 to 1): the report says what to do when " +
                      "the estimate is above it.",
        DefaultValueFactory = _ => AuditAdvisor.DefaultTargetError,
    });

    /// <summary>The QA sample's seed: not <c>--seed</c>, which seeds a simulation wherever the CLI simulates.</summary>
    public static Option<long> QaSeed() =>
        new("--qa-seed") { Description = "Seed of the QA sample (default 1).", DefaultValueFactory = _ => 1 };

    /// <summary>What the routed objects get: an expert audit, or more crowd workers (a re-label job).</summary>
    public static Option<string> SecondLevel() => new Option<string>("--second-level")
    {
        Description = "What the routed objects get: 'audit' (an expert audit of the level-1 label, then merge) or " +
                      "'relabel' (more crowd workers without initial values, every answer consolidated together; " +
                      "no QA sample).",
        DefaultValueFactory = _ => "audit",
    }.Check(v => v is "audit" or "relabel" ? null : $"--second-level takes 'audit' or 'relabel', not '{v}'");

    /// <summary><see cref="SecondLevel"/> for a whole run, which can also chain both levels or choose by the crowd.
    /// </summary>
    public static Option<string> RunSecondLevel() => new Option<string>("--second-level")
    {
        Description = "What the routed objects get: 'auto' (relabel-audit when the audit budget leaves flagged " +
                      "labels unaudited: on --relabel-share of the objects, or, when p_wrong expects more wrong " +
                      "labels among them than --target-error allows, on as many as the audit would miss up to " +
                      "--max-relabel-share; audit otherwise), 'audit' (an expert audit of " +
                      "the level-1 label, then merge), 'relabel' (more crowd workers without initial values, every " +
                      "answer consolidated together; no QA sample) or 'relabel-audit' (a re-label job on the " +
                      "--relabel-share most doubtful objects, then the audit of the pooled labels within " +
                      "--max-audit-share).",
        DefaultValueFactory = _ => RouteOptions.DefaultSecondLevel,
    }.Check(v => v is "auto" or "audit" or "relabel" or "relabel-audit" ? null
        : $"--second-level takes 'auto', 'audit', 'relabel' or 'relabel-audit', not '{v}'");

    /// <summary>The value of <see cref="SecondLevel"/> or <see cref="RunSecondLevel"/> (checked while parsing).
    /// </summary>
    public static SecondLevel ParseSecondLevel(string? value) => value switch
    {
        "relabel" => Workflow.SecondLevel.Relabel,
        "relabel-audit" => Workflow.SecondLevel.RelabelThenAudit,
        "auto" => Workflow.SecondLevel.Auto,
        _ => Workflow.SecondLevel.Audit,
    };

    /// <summary>With <c>relabel-audit</c>: the share of objects the re-label job gets; with <c>auto</c>, the least
    /// when it re-labels.</summary>
    public static Option<double> RelabelShare() => Share(new("--relabel-share")
    {
        Description = "With --second-level relabel-audit: the share of objects (0 to 1, the highest p_wrong first) " +
                      "that get more crowd workers before the audit; with auto, the least share when it re-labels.",
        DefaultValueFactory = _ => RouteOptions.DefaultRelabelShare,
    });

    /// <summary>With <c>auto</c>: the most it re-labels.</summary>
    public static Option<double> MaxRelabelShare() => Share(new("--max-relabel-share")
    {
        Description = "With --second-level auto: the most it re-labels (0 to 1, at least --relabel-share). Above " +
                      "--target-error it re-labels as many objects as the audit alone would miss, from " +
                      "--relabel-share up to this.",
        DefaultValueFactory = _ => RouteOptions.DefaultMaxRelabelShare,
    });

    /// <summary>A share outside 0 to 1 is a usage error found while parsing, before anything is written.</summary>
    private static Option<double> Share(Option<double> option) => option.Check(v => v is >= 0 and <= 1 ? null
        : string.Create(CultureInfo.InvariantCulture, $"{option.Name} is {v}, expected a number from 0 to 1"));
}
