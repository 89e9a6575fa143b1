namespace GtCustomPose.Core.Workflow;

/// <summary>
/// Spends an audit budget (<see cref="RouteOptions.MaxAuditShare"/> of the objects, rounded down): objects without a
/// label first, then the QA sample's reserve (<see cref="RouteOptions.SampleRate"/> of the objects, rounded, at least
/// one), then the labeled objects by p_wrong, highest first (a flagged one before an unflagged one of the same
/// p_wrong), whether or not their label needs review: a third of the wrong labels of a harsh crowd carry no review
/// reason. The QA sample is the reserve's count of the labeled objects the ranking left, drawn within bands of
/// p_wrong (<see cref="QaStrata"/>), in each the smallest draws: a stratified random sample of what the audit would
/// otherwise leave alone, so its estimate covers them all.
/// </summary>
internal static class AuditBudget
{
    /// <summary>Chooses among <paramref name="candidates"/> (every object of the manifest).</summary>
    public static BudgetChoice Choose(IReadOnlyList<BudgetCandidate> candidates, RouteOptions options)
    {
        var objects = candidates.Count;
        var budget = (int)Math.Floor(options.MaxAuditShare * objects + 1e-9);
        var noLabel = candidates.Where(c => c.Kind == BudgetKind.NoLabel).Select(c => c.Line).ToList();
        var room = Math.Max(0, budget - noLabel.Count);
        var wanted = options.SampleRate <= 0 || objects == 0
            ? 0
            : Math.Max(1, (int)Math.Round(options.SampleRate * objects, MidpointRounding.AwayFromZero));
        var reserve = Math.Min(room, wanted);
        var labeled = candidates.Where(c => c.Kind != BudgetKind.NoLabel)
            .OrderByDescending(c => c.PWrong).ThenBy(c => c.Kind).ThenBy(c => c.Line).ToList();
        var ranked = labeled.Take(room - reserve).ToList();
        var rest = labeled.Skip(ranked.Count).ToList();
        var counts = QaStrata.Allocate(rest.Select(c => c.PWrong).ToList(), reserve);
        var sample = rest.GroupBy(c => QaStrata.Band(c.PWrong))
            .SelectMany(band => band.OrderBy(c => c.Draw).ThenBy(c => c.Line).Take(counts[band.Key]))
            .OrderBy(c => c.Draw).ThenBy(c => c.Line).ToList();
        var inSample = sample.Select(c => c.Line).ToHashSet();
        return new BudgetChoice(
            noLabel,
            ranked.Select(c => c.Line).ToList(),
            sample.Select(c => c.Line).ToList(),
            rest.Where(c => c.Kind == BudgetKind.Flagged && !inSample.Contains(c.Line)).ToList(),
            budget,
            wanted);
    }
}
