using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core.Jobs;

/// <summary>How a worker who answered one object in two pooled jobs is consolidated and reported.</summary>
internal static class RepeatedWorkers
{
    /// <summary>The note a label gets when some worker's answers came from two jobs.</summary>
    public const string Note = "repeated_worker";

    /// <summary>
    /// <paramref name="consolidation"/> with both answers of each repeated worker at twice the worker's click variance
    /// (half the weight each), so the two weigh as the one worker they are. Unchanged without repeats.
    /// </summary>
    public static ConsolidationOptions HalfWeight(ConsolidationOptions consolidation, ObjectResponses responses)
    {
        if (responses.RepeatedWorkers is not { Count: > 0 } repeated) return consolidation;
        var noise = new Dictionary<string, double>(
            consolidation.WorkerNoise ?? new Dictionary<string, double>(), StringComparer.Ordinal);
        // A worker the job statistics do not know takes the crowd's median: the doubling is what matters here.
        var typical = noise.Count == 0 ? 1 : Geometry.Median(noise.Values.ToArray());
        foreach (var r in repeated)
        {
            var own = noise.GetValueOrDefault(r.WorkerId, typical);
            noise[r.WorkerId] = 2 * own;
            noise[r.RenamedAs] = 2 * own;
        }
        return consolidation with { WorkerNoise = noise };
    }

    /// <summary>The label with a note naming how many workers answered in two jobs; unchanged without repeats.
    /// </summary>
    public static ConsolidatedLabel Noted(ConsolidatedLabel label, ObjectResponses responses) =>
        responses.RepeatedWorkers is not { Count: > 0 } repeated ? label : label with
        {
            Notes = [.. label.Notes ?? [],
                $"{Note}: {repeated.Count} worker(s) answered in two jobs; both answers kept at half weight each"],
        };
}
