namespace GtCustomPose.Core.Workflow;

/// <summary>The report's advice: what to do, how many more to audit, and the least reliable workers.</summary>
/// <param name="Action">What to do.</param>
/// <param name="TargetError">The team's target for the residual error rate, 0 to 1.</param>
/// <param name="AuditMore">How many more objects to audit (the next by p_wrong) to bring the estimate to the target;
/// 0 unless the estimate is above it.</param>
/// <param name="MaxAuditShare">The <c>--max-audit-share</c> that would route them (audited share plus those), 0 to 1;
/// null unless <see cref="AuditMore"/> is above 0.</param>
/// <param name="LeastReliable">The level-1 workers with the lowest mean agreement (at least
/// <see cref="AuditAdvisor.MinAnswers"/> answers), worst first; empty while the target is met.</param>
/// <param name="Text">The advice in words.</param>
public sealed record AuditAdvice(
    AdviceAction Action,
    double TargetError,
    int AuditMore,
    double? MaxAuditShare,
    IReadOnlyList<WorkerReliability> LeastReliable,
    string Text);
