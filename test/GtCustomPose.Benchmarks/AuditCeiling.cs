using System.Globalization;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// The truth-aware ceiling of the audit benchmark (<see cref="Baselines.Oracle"/> knowing every mistake): a
/// consolidation that knows each drawn skeleton's person, every mirror, every swapped pair, every outlier click and
/// each worker's noise, and takes the inverse-variance mean of the clean clicks. What it still gets wrong is click
/// noise, which no answer reveals; what ours gets wrong beyond it is the room left for the consolidation and its
/// verdict.
/// </summary>
internal static class AuditCeiling
{
    /// <summary>The mistakes the object's answers hold: o outlier clicks, m a mirrored skeleton, s a swapped pair,
    /// p a person someone missed; "-" none.</summary>
    public static string Mistakes(SimulatedObject o)
    {
        var drawn = o.Answers.SelectMany(a => a.Drawn).ToList();
        var kinds = string.Concat(
            drawn.Any(d => d.Outlier.Contains(true)) ? "o" : "",
            drawn.Any(d => d.Mirrored) ? "m" : "",
            drawn.Any(d => d.SwappedPairs > 0) ? "s" : "",
            o.Answers.Any(a => a.Drawn.Count < o.Truth.Count) ? "p" : "");
        return kinds.Length == 0 ? "-" : kinds;
    }

    /// <summary>Prints the ceiling's labels against ours, overall and per kind of mistake in the answers.</summary>
    public static void Print(
        IReadOnlyList<SimulatedObject> batch, IReadOnlyList<ConsolidatedLabel?> level1, double[] ours, Rig rig)
    {
        var ceiling = batch
            .Select(o => Evaluation.MeanOks(o.Truth, Baselines.Oracle(o, rig, knowsEveryMistake: true), rig))
            .ToArray();
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine(string.Create(c,
            $"Truth-aware ceiling (knows every person, mirror, swapped pair, outlier click and worker noise): " +
            $"mean OKS {ceiling.Average():F3}, {ceiling.Count(s => s < 0.8)} objects below 0.8 " +
            $"(ours {ours.Average():F3}, {ours.Count(s => s < 0.8)})"));
        Console.WriteLine();
        Console.WriteLine(
            "| mistakes | objects | ours: mean OKS | below 0.8 | of those unflagged | ceiling: mean OKS | below 0.8 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var g in Enumerable.Range(0, batch.Count).GroupBy(i => Mistakes(batch[i])).OrderBy(g => g.Key))
            Console.WriteLine(string.Create(c,
                $"| {g.Key} | {g.Count()} | {g.Average(i => ours[i]):F3} | {g.Count(i => ours[i] < 0.8)} | " +
                $"{g.Count(i => ours[i] < 0.8 && level1[i] is { NeedsReview: false })} | " +
                $"{g.Average(i => ceiling[i]):F3} | {g.Count(i => ceiling[i] < 0.8)} |"));
    }
}
