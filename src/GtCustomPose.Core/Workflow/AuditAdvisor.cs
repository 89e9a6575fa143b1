using System.Globalization;

namespace GtCustomPose.Core.Workflow;

/// <summary>Turns the residual estimate into advice against the team's target
/// (<see cref="DefaultTargetError"/>).</summary>
public static class AuditAdvisor
{
    /// <summary>The default target for the residual error rate: 2% of the unaudited objects.</summary>
    public const double DefaultTargetError = 0.02;

    /// <summary>Workers with fewer answers are not ranked.</summary>
    public const int MinAnswers = 5;

    /// <summary>Auditing more than this share of the unaudited objects is re-labeling by another name.</summary>
    public const double RelabelShare = 0.5;

    /// <summary>
    /// The advice for <paramref name="estimate"/> against <paramref name="target"/>: the objects to audit next are
    /// the unaudited ones by p_wrong (<paramref name="unauditedPWrong"/>), highest first, assuming the sample's
    /// correction of p_wrong holds for each; <paramref name="objects"/> and <paramref name="audited"/> give the share
    /// a route would need; <paramref name="relabeled"/> (objects a re-label job already answered) turns the re-label
    /// advice into re-labeling more.
    /// </summary>
    public static AuditAdvice Advise(
        ResidualEstimate estimate,
        IReadOnlyList<double> unauditedPWrong,
        IReadOnlyList<WorkerReliability> workers,
        int objects,
        int audited,
        double target = DefaultTargetError,
        int relabeled = 0)
    {
        var c = CultureInfo.InvariantCulture;
        if (estimate is not { Rate: { } rate, Low: { } low, High: { } high })
            return new AuditAdvice(AdviceAction.NoEstimate, target, 0, null, [], estimate.Unaudited == 0
                ? "Every labeled object was audited: no error is left to estimate."
                : string.Create(c, $"No QA object was audited, so the residual error is unknown; p_wrong alone " +
                    $"expects {estimate.ExpectedWrong:F1} wrong among the {estimate.Unaudited} unaudited objects. " +
                    $"Route with --sample-rate above 0."));
        var stated = string.Create(c, $"The residual error {rate:P1} [95%: {low:P1}, {high:P1}]");
        if (high <= target)
            return new AuditAdvice(AdviceAction.TargetMet, target, 0, null, [],
                string.Create(c, $"{stated} is within the {target:P1} target."));
        if (rate <= target)
            return new AuditAdvice(AdviceAction.LargerSample, target, 0, null, [],
                string.Create(c, $"{stated} meets the {target:P1} target, but its interval reaches above it: a " +
                    $"larger QA sample (--sample-rate) would tell."));
        var more = ToTarget(unauditedPWrong, rate - estimate.ExpectedWrong / estimate.Unaudited, target);
        var worst = workers.Where(w => w.Answers >= MinAnswers && w.MeanAgreement is not null)
            .OrderBy(w => w.MeanAgreement).ThenByDescending(w => w.Mirrored).Take(5).ToList();
        var named = worst.Count == 0 ? "" : "; its least reliable workers: " + string.Join(", ", worst.Select(w =>
            string.Create(c, $"{w.WorkerId} (agreement {w.MeanAgreement:F2} over {w.Answers} answers, " +
                $"{w.Mirrored} mirrored)")));
        var relabel = relabeled > 0
            ? string.Create(c, $"re-label more of the most doubtful before the audit (a --relabel-share above the " +
                $"{relabeled} of {objects} objects re-labeled, or more workers per object)")
            : "re-label the most doubtful before the audit (--second-level relabel-audit, or more workers per object)";
        if (more > RelabelShare * estimate.Unaudited)
            return new AuditAdvice(AdviceAction.Relabel, target, more, null, worst,
                string.Create(c, $"{stated} is above the {target:P1} target, and auditing alone would take {more} " +
                    $"of the {estimate.Unaudited} unaudited objects: {relabel}; the crowd is poor{named}."));
        var share = Math.Min(1, Math.Ceiling((audited + more) * 100.0 / Math.Max(1, objects)) / 100);
        return new AuditAdvice(AdviceAction.AuditMore, target, more, share, worst,
            string.Create(c, $"{stated} is above the {target:P1} target: audit the next {more} objects by p_wrong " +
                $"(route again with --max-audit-share {share:0.##}){named}."));
    }

    /// <summary>The fewest objects, highest p_wrong first, whose audit brings the predicted rate among the rest to
    /// <paramref name="target"/>: each object's predicted error is its p_wrong plus <paramref name="bias"/>.</summary>
    private static int ToTarget(IReadOnlyList<double> pWrong, double bias, double target)
    {
        var ranked = pWrong.OrderByDescending(p => p).ToArray();
        var left = ranked.Sum(p => Math.Clamp(p + bias, 0, 1));
        for (var k = 0; k < ranked.Length; k++)
        {
            if (left <= target * (ranked.Length - k)) return k;
            left -= Math.Clamp(ranked[k] + bias, 0, 1);
        }
        return ranked.Length;
    }

    /// <summary>Per-worker statistics from the level-1 labels' worker summaries.</summary>
    public sealed class WorkerTally
    {
        private readonly Dictionary<string, (int Answers, double Sum, int Scored, int Mirrored)> _workers =
            new(StringComparer.Ordinal);

        /// <summary>Counts one label's workers.</summary>
        public void Add(Consolidation.ConsolidatedLabel label)
        {
            foreach (var w in label.Workers)
            {
                if (w.WorkerId is null) continue;
                var t = _workers.GetValueOrDefault(w.WorkerId);
                _workers[w.WorkerId] = (t.Answers + 1, t.Sum + (w.Agreement ?? 0), t.Scored + (w.Agreement is null
                    ? 0 : 1), t.Mirrored + (w.LeftRightSwapped ? 1 : 0));
            }
        }

        /// <summary>Every worker seen, in id order.</summary>
        public IReadOnlyList<WorkerReliability> Workers() => _workers.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new WorkerReliability(kv.Key, kv.Value.Answers,
                kv.Value.Scored == 0 ? null : Math.Round(kv.Value.Sum / kv.Value.Scored, 3), kv.Value.Mirrored))
            .ToList();
    }
}
