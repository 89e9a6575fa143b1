using System.Globalization;

namespace GtCustomPose.Core.Workflow;

/// <summary>
/// The <c>auto</c> second level: the audit alone while p_wrong expects it to meet the team's target, otherwise a
/// re-label job on the most doubtful objects before the audit. A good crowd leaves few doubtful labels beyond the
/// audit budget, so it pays for no second crowd job; a poor one leaves more than any affordable audit can hold, and
/// more crowd answers (far cheaper than an expert's) settle many of them first.
/// </summary>
public static class AutoSecondLevel
{
    /// <summary>
    /// The choice for a job whose audit-only route (the level-1 labels under the audit budget) is
    /// <paramref name="auditOnly"/>: re-label when its expected wrong labels exceed <paramref name="targetError"/>
    /// (0 to 1, default <see cref="AuditAdvisor.DefaultTargetError"/>) of the objects.
    /// </summary>
    public static SecondLevelChoice Choose(RouteSummary auditOnly, double targetError = AuditAdvisor.DefaultTargetError)
    {
        ArgumentNullException.ThrowIfNull(auditOnly);
        var c = CultureInfo.InvariantCulture;
        var expected = auditOnly.OverBudgetExpectedWrong;
        var allowed = targetError * auditOnly.Objects;
        var relabel = auditOnly.Objects > 0 && expected > allowed;
        var left = string.Create(c, $"an audit of {auditOnly.Budget} of {auditOnly.Objects} objects would leave " +
            $"{auditOnly.OverBudget} flagged object(s) unaudited, {expected:F1} of them expected wrong");
        var target = string.Create(c, $"the {targetError:P1} target ({allowed:F1})");
        var reason = relabel
            ? $"{left}, above {target}: re-label the most doubtful first, then audit"
            : $"{left}, within {target}: audit only";
        return new SecondLevelChoice(relabel, expected, allowed, reason);
    }

    /// <summary>
    /// Routes <paramref name="level1"/> for the re-label job when <see cref="Choose"/> says so (as
    /// <see cref="RelabelLines.RouteAsync"/> with <paramref name="relabel"/>'s share), and writes nothing otherwise.
    /// </summary>
    /// <param name="level1">The level-1 labels, JSON Lines; read once, and held as route holds them.</param>
    /// <param name="output">Receives the re-label manifest (empty when the audit alone will do).</param>
    /// <param name="relabel">The re-label route's settings: its <see cref="RouteOptions.MaxAuditShare"/> is the share
    /// re-labeled.</param>
    /// <param name="auditShare">The audit budget the choice is made for, 0 to 1.</param>
    /// <param name="targetError">The team's target, 0 to 1.</param>
    /// <param name="cancellationToken">Cancels the route.</param>
    /// <returns>The re-label route's summary (nothing selected when the audit alone will do) and the choice.</returns>
    public static async Task<(RouteSummary Route, SecondLevelChoice Choice)> RouteAsync(
        TextReader level1, TextWriter output, RouteOptions relabel, double auditShare, double targetError,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(level1);
        ArgumentNullException.ThrowIfNull(relabel);
        var held = AuditRouter.Hold(level1, relabel, cancellationToken);
        var choice = Choose(AuditRouter.Summarize(held, relabel with { MaxAuditShare = auditShare }), targetError);
        if (!choice.Relabel)
            return (new RouteSummary(held.Objects, 0, 0, 0, 0, held.Invalid, held.Problems), choice);
        var route = await RelabelLines.WriteAsync(held, output, relabel, cancellationToken).ConfigureAwait(false);
        return (route, choice);
    }
}
