using System.Globalization;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// Consolidation quality against simulated truth: mean OKS of ours and of the baselines, swap detection and the review
/// verdict, at 3, 5 and 9 workers per object. Prints a Markdown table.
/// </summary>
internal static class QualityBenchmark
{
    /// <param name="guessRate">
    /// How often the simulated workers place a hidden keypoint (a face seen from behind).
    /// </param>
    /// <param name="fixedFacing">
    /// Keep the default <see cref="FacingAssumptions"/> instead of the batch's estimate.
    /// </param>
    public static int Run(int objects, int seed, double guessRate = 0.3, bool fixedFacing = false,
        ConsolidationOptions? thresholds = null)
    {
        var rig = Rig.Coco17;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Consolidation quality: {objects} simulated objects per row, 1-3 people per image, COCO-17 rig, " +
            $"seed {seed}, hidden keypoints guessed {guessRate:P0}, " +
            $"facing assumptions {(fixedFacing ? "fixed at the defaults" : "estimated per batch")}."));
        Console.WriteLine();
        Console.WriteLine(
            "| workers | first worker | median + flip repair | **ours** | oracle | gap closed | swap precision | " +
            "mirror recall | review recall (OKS<0.8) | review false alarms |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var failures = 0;
        foreach (var workers in new[] { 3, 5, 9 })
        {
            var sim = new WorkerSimulator(
                rig,
                new SimulationSettings { WorkersPerObject = workers, GuessOccluded = guessRate },
                seed + workers);
            var batch = sim.Generate(objects);
            double first = 0, median = 0, ours = 0, oracle = 0;
            int tp = 0, fp = 0, mirrors = 0, mirrorsFound = 0, bad = 0, badFlagged = 0, good = 0, goodFlagged = 0;
            var parsed = batch
                .Select(o => (IReadOnlyList<WorkerAnswer>)o.Answers
                    .Select(a => AnswerParser.Parse(a.WorkerId, a.Content, rig))
                    .ToList())
                .ToList();
            // As PostAnnotation does: each worker's noise and the crowd's facing estimated across the batch first.
            var estimates = Consolidator.EstimateBatch(parsed, rig);
            var options = PooledOptions.Of(thresholds ?? new ConsolidationOptions(), estimates);
            if (fixedFacing) options = options with { Facing = FacingAssumptions.Default };
            var index = 0;
            foreach (var o in batch)
            {
                first += Evaluation.MeanOks(o.Truth, Baselines.FirstWorker(o, rig), rig);
                median += Evaluation.MeanOks(o.Truth, Baselines.MedianWithFlipRepair(o, rig), rig);
                oracle += Evaluation.MeanOks(o.Truth, Baselines.Oracle(o, rig), rig);
                var label = Consolidator.Consolidate(parsed[index++], rig, options: options)!;
                var score = Evaluation.MeanOks(o.Truth, RigArrays.ToArrays(label, rig), rig);
                ours += score;
                foreach (var a in o.Answers)
                {
                    var mirrored = a.Drawn.Any(d => d.Mirrored);
                    var anySwap = mirrored || a.Drawn.Any(d => d.SwappedPairs > 0);
                    var detected = label.Workers.Single(w => w.WorkerId == a.WorkerId).LeftRightSwapped;
                    if (detected && anySwap) tp++;
                    else if (detected) fp++;
                    if (mirrored) { mirrors++; if (detected) mirrorsFound++; }
                }
                if (score < 0.8) { bad++; if (label.NeedsReview) badFlagged++; }
                else { good++; if (label.NeedsReview) goodFlagged++; }
            }
            first /= objects; median /= objects; ours /= objects; oracle /= objects;
            var closed = (ours - median) / (oracle - median);
            var recall = bad == 0 ? 1 : (double)badFlagged / bad;
            var falseAlarms = good == 0 ? 0 : (double)goodFlagged / good;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {workers} | {first:F3} | {median:F3} | **{ours:F3}** | {oracle:F3} | {closed:P0} | " +
                $"{Ratio(tp, tp + fp):P1} | {Ratio(mirrorsFound, mirrors):P1} | {recall:P1} ({badFlagged}/{bad}) | " +
                $"{falseAlarms:P1} ({goodFlagged}/{good}) |"));
            if (!(ours > first && ours > median && closed >= 0.5 && recall >= 0.9 && falseAlarms <= 0.1)) failures++;
        }
        Console.WriteLine();
        Console.WriteLine(failures == 0 ? "All quality targets met." : $"{failures} row(s) miss a quality target.");
        return failures == 0 ? 0 : 1;
    }

    private static double Ratio(int a, int b) => b == 0 ? 1 : (double)a / b;
}
