using System.Text.Json.Serialization;
using GtCustomPose.Core.Workflow;

namespace GtCustomPose.Workflow;

/// <summary>RouteFunction's input (CONTRACTS, "Workflow Lambda functions").</summary>
/// <remarks><see cref="SecondLevel"/>: <c>audit</c> (default) or <c>relabel</c>, which writes re-label lines and draws
/// no QA sample; <c>relabel-audit</c> and <c>auto</c> route to the audit, as the state machine asks once the re-label
/// job's answers are pooled; <c>relabel-if-needed</c> (the <c>auto</c> level's first route) writes re-label lines for
/// the most doubtful objects only when an audit of <see cref="AuditShare"/> leaves flagged labels out: the
/// <see cref="MaxAuditShare"/> most doubtful, or, when those left out are expected to hold more wrong labels than
/// <see cref="TargetError"/> allows, up to <see cref="MaxRelabelShare"/> (<see cref="AutoSecondLevel"/>); none
/// otherwise.</remarks>
public sealed record RouteRequest(
    string? ManifestS3Uri, string? LabelAttribute, double? SampleRate, long? Seed, string? OutputS3Uri,
    double? MaxAuditShare = null, string? SecondLevel = null, double? AuditShare = null, double? TargetError = null,
    double? MaxRelabelShare = null);

/// <summary>RouteFunction's output: where the audit manifest is, what it holds, the budget, and the flagged objects
/// it left out with the number of wrong labels p_wrong expects among them (merge's report lists them).</summary>
public sealed record RouteResponse(
    string AuditManifestS3Uri, int Objects, int Selected, int Flagged, int NoLabel, int Sampled, int OverBudget,
    int Budget, double OverBudgetExpectedWrong);

/// <summary>MergeFunction's input; <see cref="AuditManifestS3Uri"/> is null when nothing was audited.</summary>
public sealed record MergeRequest(
    string? ManifestS3Uri, string? AuditManifestS3Uri, string? LabelAttribute, string? AuditLabelAttribute,
    string? OutputS3Uri, string? ReportS3Uri, string? FailuresS3Uri, double? TargetError = null);

/// <summary>MergeFunction's output: the report's summary and where the outputs are.</summary>
public sealed record MergeResponse(
    string OutputManifestS3Uri, string ReportS3Uri, string FailuresS3Uri, int Objects, int Written, int Failures,
    int Flagged, int NoLabel, int Sampled, int Audited, int Changed, int ChangedMaterially, Proportion VerdictPrecision,
    Proportion ResidualErrorEstimate, string? Level1Job, string? AuditJob, int FlaggedUnaudited,
    ResidualEstimate? Residual, double LeftOutExpectedWrong, AuditAdvice? Advice)
{
    /// <summary>Objects whose labels pool a re-label job's answers (the report's <c>relabeled</c>).</summary>
    public int Relabeled { get; init; }

    /// <summary>Crowd answers per object over both jobs, when a re-label job ran; null otherwise.</summary>
    public double? AnswersPerObject { get; init; }
}

/// <summary>Source-generated JSON of the functions' events: camelCase, as Step Functions passes them; nulls
/// omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(RouteRequest))]
[JsonSerializable(typeof(RouteResponse))]
[JsonSerializable(typeof(MergeRequest))]
[JsonSerializable(typeof(MergeResponse))]
public sealed partial class WorkflowFunctionJsonContext : JsonSerializerContext;

/// <summary>The request cannot be carried out; the message names the field or URI and the cause. Step Functions sees
/// the type name as the error.</summary>
public sealed class WorkflowException(string message, Exception? inner = null) : Exception(message, inner);
