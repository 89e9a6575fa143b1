using System.Globalization;

namespace GtCustomPose.Core.Workflow;

/// <summary>
/// The <c>auto</c> second level: the audit alone while its budget holds every flagged label, otherwise a re-label job
/// on the most doubtful objects before the audit, sized to what the audit alone would miss. A job whose budget holds
/// every flagged label pays for no second crowd job; a poor crowd leaves more than any affordable audit can hold, and
/// more crowd answers (far cheaper than an expert's) settle many of them first. Flagged labels left unaudited get the
/// least share even when p_wrong expects the target met, because p_wrong is too low on the labels most workers
/// mirrored alike, the ones a crowd's consensus gets wrong most often.
/// </summary>
public static class AutoSecondLevel
{
    /// <summary>
    /// The choice for a job whose audit-only route (the level-1 labels under the audit budget) is
    /// <paramref name="auditOnly"/>: re-label when it leaves any flagged object unaudited. When its expected wrong
    /// labels exceed <paramref name="targetError"/> of the objects, the share re-labeled is as many objects as the
    /// audit would have to reach past its budget for the rest to be within the target (the flagged objects it leaves
    /// out, highest p_wrong first), since each re-labeled object the crowd settles frees about one audit place; at
    /// least <paramref name="share"/>, at most <paramref name="maxShare"/>. Within the target it is
    /// <paramref name="share"/>.
    /// </summary>
    /// <param name="auditOnly">The audit-only route's summary, with its left-out objects.</param>
    /// <param name="targetError">The team's target, 0 to 1. Default <see cref="AuditAdvisor.DefaultTargetError"/>.
    /// </param>
    /// <param name="share">The least share re-labeled, 0 to 1. Default <see cref="RouteOptions.DefaultRelabelShare"/>.
    /// </param>
    /// <param name="maxShare">The most, from <paramref name="share"/> to 1. Default
    /// <see cref="RouteOptions.DefaultMaxRelabelShare"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxShare"/> is below <paramref name="share"/>
    /// or above 1.</exception>
    public static SecondLevelChoice Choose(
        RouteSummary auditOnly,
        double targetError = AuditAdvisor.DefaultTargetError,
        double share = RouteOptions.DefaultRelabelShare,
        double maxShare = RouteOptions.DefaultMaxRelabelShare)
    {
        ArgumentNullException.ThrowIfNull(auditOnly);
        if (maxShare < share || maxShare > 1)
            throw new ArgumentOutOfRangeException(nameof(maxShare), maxShare, "expected from the least share to 1");
        var c = CultureInfo.InvariantCulture;
        var expected = auditOnly.OverBudgetExpectedWrong;
        var allowed = targetError * auditOnly.Objects;
        var above = auditOnly.Objects > 0 && expected > allowed;
        var left = string.Create(c, $"an audit of {auditOnly.Budget} of {auditOnly.Objects} objects would leave " +
            $"{auditOnly.OverBudget} flagged object(s) unaudited, {expected:F1} of them expected wrong");
        var target = string.Create(c, $"the {targetError:P1} target ({allowed:F1})");
        if (above)
        {
            var chosen = Math.Clamp(Reach(auditOnly, allowed) / (double)auditOnly.Objects, share, maxShare);
            return new SecondLevelChoice(true, expected, allowed, string.Create(c,
                $"{left}, above {target}: re-label the {chosen:P1} most doubtful first (at least {share:P1}, at " +
                $"most {maxShare:P1}), then audit"), chosen);
        }
        if (auditOnly.OverBudget == 0)
            return new SecondLevelChoice(false, expected, allowed, $"{left}, within {target}: audit only");
        return new SecondLevelChoice(true, expected, allowed, string.Create(c,
            $"{left}, within {target} but not all audited: re-label the {share:P1} most doubtful first, then audit"),
            share);
    }

    /// <summary>How many of the left-out objects, highest p_wrong first, leave at most <paramref name="allowed"/>
    /// expected wrong among the rest (none for a summary without its list).</summary>
    private static int Reach(RouteSummary auditOnly, double allowed)
    {
        var left = auditOnly.Left ?? [];
        var rest = left.Sum(l => l.PWrong);
        var reach = 0;
        // A hair of tolerance: "within" includes equal, and the sums carry floating-point rounding.
        while (reach < left.Count && rest > allowed + 1e-9) rest -= left[reach++].PWrong;
        return reach;
    }

    /// <summary>
    /// Routes <paramref name="level1"/> for the re-label job when <see cref="Choose"/> says so (as
    /// <see cref="RelabelLines.RouteAsync"/> on the share it chose), and writes nothing otherwise.
    /// </summary>
    /// <param name="level1">The level-1 labels, JSON Lines; read once, and held as route holds them.</param>
    /// <param name="output">Receives the re-label manifest (empty when the audit alone will do).</param>
    /// <param name="relabel">The re-label route's settings: its <see cref="RouteOptions.MaxAuditShare"/> is the least
    /// share re-labeled.</param>
    /// <param name="auditShare">The audit budget the choice is made for, 0 to 1.</param>
    /// <param name="targetError">The team's target, 0 to 1.</param>
    /// <param name="maxShare">The most re-labeled, from the least share to 1.</param>
    /// <param name="cancellationToken">Cancels the route.</param>
    /// <returns>The re-label route's summary (nothing selected when the audit alone will do) and the choice.</returns>
    public static async Task<(RouteSummary Route, SecondLevelChoice Choice)> RouteAsync(
        TextReader level1, TextWriter output, RouteOptions relabel, double auditShare, double targetError,
        double maxShare = RouteOptions.DefaultMaxRelabelShare, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(level1);
        ArgumentNullException.ThrowIfNull(relabel);
        var held = AuditRouter.Hold(level1, relabel, cancellationToken);
        var choice = Choose(AuditRouter.Summarize(held, relabel with { MaxAuditShare = auditShare }), targetError,
            relabel.MaxAuditShare, maxShare);
        if (!choice.Relabel)
            return (new RouteSummary(held.Objects, 0, 0, 0, 0, held.Invalid, held.Problems), choice);
        var route = await RelabelLines.WriteAsync(held, output, relabel with { MaxAuditShare = choice.Share },
            cancellationToken).ConfigureAwait(false);
        return (route, choice);
    }
}
