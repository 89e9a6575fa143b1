using GtCustomPose.Core.Rigs;
using static GtCustomPose.Core.Consolidation.ConsolidationConstants;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// How often one worker's skeletons disagreed with the consensus of objects it answered with at least two others:
/// people it missed, skeletons of no one it drew, skeletons it drew mirrored or pair-swapped. Counted in stage 2
/// (matched and repaired), so it costs the job's statistics pass nothing more.
/// </summary>
internal sealed class WorkerTally
{
    /// <summary>People the consensus kept (a majority drew them) in the worker's objects.</summary>
    public int People;
    /// <summary>Of those, people the worker did not draw.</summary>
    public int Missed;
    /// <summary>Skeletons the worker drew that fewer than half the workers drew.</summary>
    public int Extra;
    /// <summary>Objects in which a skeleton of the worker was mirrored or pair-swapped to fit the consensus.</summary>
    public int Swapped;
    /// <summary>Its clicks on keypoints that three or more workers placed.</summary>
    public int Clicks;
    /// <summary>Of those, clicks too far from the cluster's centre to be the keypoint (outliers).</summary>
    public int Outliers;

    public void Add(WorkerTally other)
    {
        People += other.People;
        Missed += other.Missed;
        Extra += other.Extra;
        Swapped += other.Swapped;
        Clicks += other.Clicks;
        Outliers += other.Outliers;
    }

    /// <summary>The counts, in the order <see cref="FromCounts"/> reads.</summary>
    public int[] ToCounts() => [People, Missed, Extra, Swapped, Clicks, Outliers];

    /// <exception cref="FormatException">Not four or six counts of 0 or more (four: saved before clicks).</exception>
    public static WorkerTally FromCounts(int[]? counts, string field)
    {
        if (counts is not { Length: 4 or 6 } || counts.Any(c => c < 0))
            throw new FormatException($"{field}: expected six counts of 0 or more");
        return new WorkerTally
        {
            People = counts[0], Missed = counts[1], Extra = counts[2], Swapped = counts[3],
            Clicks = counts.Length == 6 ? counts[4] : 0, Outliers = counts.Length == 6 ? counts[5] : 0,
        };
    }

    /// <summary>Tallies one object's repaired clusters into <paramref name="tallies"/> (keyed by worker id).</summary>
    public static void Count(RepairedSides sides, IReadOnlyList<string> workerIds,
        Dictionary<string, WorkerTally> tallies)
    {
        var mine = new WorkerTally[sides.Workers];
        for (var w = 0; w < mine.Length; w++)
        {
            if (!tallies.TryGetValue(workerIds[w], out var t)) tallies[workerIds[w]] = t = new WorkerTally();
            mine[w] = t;
        }
        var member = new bool[sides.Workers];
        foreach (var c in sides.Clusters)
        {
            Array.Clear(member);
            foreach (var m in c.Members) member[m.Worker] = true;
            var kept = DrawerCounts.Kept(sides.Workers, c.Members.Count);
            for (var w = 0; w < mine.Length; w++)
            {
                if (kept) { mine[w].People++; if (!member[w]) mine[w].Missed++; }
                else if (member[w]) mine[w].Extra++;
            }
        }
        var swapped = sides.SwappedWorkers();
        for (var w = 0; w < mine.Length; w++) if (swapped[w]) mine[w].Swapped++;
    }

    /// <summary>
    /// Tallies each worker's clicks on keypoints three or more workers placed, and which of them the outlier test
    /// leaves out (with this object's own noise: the batch's is not known yet).
    /// </summary>
    public static void CountClicks(RepairedSides sides, WorkerNoise noise, Rig rig, IReadOnlyList<string> workerIds,
        Dictionary<string, WorkerTally> tallies)
    {
        foreach (var c in sides.Clusters)
        {
            if (c.Members.Count < OutlierMinVotes) continue;
            var outlier = InstanceEstimation.Outliers(c, rig, noise.Variance, Geometry.Area(c.X, c.Y));
            var votes = c.Placed;
            for (var j = 0; j < c.Members.Count; j++)
            {
                var m = c.Members[j];
                var t = tallies[workerIds[m.Worker]];
                for (var i = 0; i < rig.Count; i++)
                {
                    if (double.IsNaN(m.X[i]) || votes[i] < OutlierMinVotes) continue;
                    t.Clicks++;
                    if (outlier[j, i]) t.Outliers++;
                }
            }
        }
    }

    /// <summary>
    /// Each worker's doubt, 0 to 1: its mistakes (missed people, extra skeletons, swapped objects) per person it could
    /// have drawn, shrunk towards the crowd's rate with the weight of <paramref name="priorPeople"/> people, so a
    /// worker seen a few times reads as the crowd does. A crowd of poor workers has a high rate, and so do its workers.
    /// </summary>
    public static Dictionary<string, double> Doubt(IReadOnlyDictionary<string, WorkerTally> tallies,
        double priorPeople = 20)
    {
        long people = 0, mistakes = 0;
        foreach (var t in tallies.Values) { people += t.People; mistakes += t.Missed + t.Extra + t.Swapped; }
        var doubt = new Dictionary<string, double>(StringComparer.Ordinal);
        if (people == 0) return doubt;
        var crowd = (double)mistakes / people;
        foreach (var (worker, t) in tallies)
        {
            var own = t.Missed + t.Extra + t.Swapped;
            doubt[worker] = Math.Min(1, (own + priorPeople * crowd) / (t.People + priorPeople));
        }
        return doubt;
    }

    /// <summary>
    /// Each worker's rates against the consensus (<see cref="WorkerRates"/>), each shrunk towards the crowd's with
    /// the weight of <paramref name="priorPeople"/> people as <see cref="Doubt"/> is. Of the skeletons fewer than half
    /// the workers drew, only <paramref name="phantomShare"/> count as extras (<see cref="DrawerCounts"/>).
    /// </summary>
    public static Dictionary<string, WorkerRates> Rates(IReadOnlyDictionary<string, WorkerTally> tallies,
        double phantomShare = 1, double priorPeople = 20)
    {
        long people = 0, missed = 0, extra = 0, swapped = 0, clicks = 0, outliers = 0;
        foreach (var t in tallies.Values)
        {
            people += t.People; missed += t.Missed; extra += t.Extra; swapped += t.Swapped;
            clicks += t.Clicks; outliers += t.Outliers;
        }
        var rates = new Dictionary<string, WorkerRates>(StringComparer.Ordinal);
        var drawn = people - missed + extra;
        if (people == missed || drawn == 0) return rates;
        double Shrunk(double own, double of, double crowd) =>
            Math.Min(1, (own + priorPeople * crowd) / (of + priorPeople));
        // A person is about a dozen clicks on keypoints others placed too.
        double ShrunkClicks(double own, double of, double crowd) =>
            Math.Min(1, (own + 12 * priorPeople * crowd) / (of + 12 * priorPeople));
        foreach (var (worker, t) in tallies)
            rates[worker] = new WorkerRates(
                Shrunk(t.Swapped, t.People - t.Missed, (double)swapped / (people - missed)),
                Shrunk(t.Missed, t.People, (double)missed / people),
                Shrunk(t.Extra * phantomShare, t.People - t.Missed + t.Extra, extra * phantomShare / drawn),
                clicks == 0 ? 0 : ShrunkClicks(t.Outliers, t.Clicks, (double)outliers / clicks));
        return rates;
    }
}
