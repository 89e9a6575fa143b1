namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// How many workers drew each cluster, by how many answered its object (three or more): the crowd-level evidence of
/// how many minority skeletons (fewer than half the workers drew) are people the others missed and how many are
/// skeletons of no one.
/// </summary>
/// <remarks>
/// A minority skeleton counts as an extra in every worker's tally, but in a crowd that skips people most of them are
/// people careless workers missed. How often the crowd draws a person follows from the clusters a majority drew (a
/// binomial, truncated below the majority); it predicts how many real people only a minority drew, and only the
/// minority skeletons beyond that are skeletons of no one (<see cref="PhantomShare"/>).
/// </remarks>
internal sealed class DrawerCounts
{
    // Workers per object → clusters by the number of workers who drew them.
    private readonly SortedDictionary<int, long[]> _counts = [];

    public void Add(int workers, int drawers)
    {
        if (!_counts.TryGetValue(workers, out var row)) _counts[workers] = row = new long[workers + 1];
        row[Math.Clamp(drawers, 0, workers)]++;
    }

    public void Merge(DrawerCounts other)
    {
        foreach (var (workers, row) in other._counts)
        {
            if (!_counts.TryGetValue(workers, out var mine)) _counts[workers] = mine = new long[workers + 1];
            for (var d = 0; d < row.Length; d++) mine[d] += row[d];
        }
    }

    /// <summary>Rows as stored: workers per object → counts by drawers.</summary>
    public Dictionary<int, long[]> ToState() => _counts.ToDictionary(p => p.Key, p => (long[])p.Value.Clone());

    /// <exception cref="FormatException">A row of the wrong length or a negative count.</exception>
    public static DrawerCounts FromState(Dictionary<int, long[]>? state, string field)
    {
        var counts = new DrawerCounts();
        foreach (var (workers, row) in state ?? [])
        {
            if (workers < 3 || row is null || row.Length != workers + 1 || row.Any(c => c < 0))
                throw new FormatException($"{field}['{workers}']: expected {workers + 1} counts of 0 or more");
            counts._counts[workers] = (long[])row.Clone();
        }
        return counts;
    }

    /// <summary>
    /// The share, 0 to 1, of minority skeletons that are skeletons of no one: those beyond what the crowd's chance of
    /// drawing a person predicts, over all of them. 1 (every one an extra, as the tallies count them) when nothing
    /// was counted.
    /// </summary>
    public double PhantomShare()
    {
        var q = DrawChance();
        if (double.IsNaN(q)) return 1;
        double observed = 0, expected = 0, variance = 0;
        foreach (var (n, row) in _counts)
        {
            double majority = 0, kept = 0;
            for (var d = 1; d <= n; d++)
            {
                if (Kept(n, d)) { majority += Binomial(n, d, q); kept += row[d]; }
                else observed += row[d] * d;
            }
            // Skeletons, not clusters: each drawer of a minority cluster counted one extra.
            for (var d = 1; d <= n && majority > 0; d++)
            {
                if (Kept(n, d)) continue;
                var clusters = kept / majority * Binomial(n, d, q);
                expected += clusters * d;
                variance += clusters * d * d;
            }
        }
        if (observed == 0) return 1;
        // The predicted count is itself a draw: only an excess beyond its spread is skeletons of no one, or a crowd
        // without any would lose real people drawn by one careful worker to chance alone.
        return Math.Clamp((observed - expected - PhantomExcessSpread * Math.Sqrt(variance)) / observed, 0, 1);
    }

    // Standard deviations of the predicted count an excess must pass (a one-sided 98 % bound).
    private const double PhantomExcessSpread = 2;

    /// <summary>A majority drew the cluster: the consensus keeps it, and the tallies count its missers.</summary>
    public static bool Kept(int workers, int drawers) => drawers * 2 > workers;

    private static double Binomial(int n, int d, double q)
    {
        double choose = 1;
        for (var i = 1; i <= d; i++) choose = choose * (n - d + i) / i;
        return choose * Math.Pow(q, d) * Math.Pow(1 - q, n - d);
    }

    /// <summary>
    /// The chance a worker draws a person, fitted to the clusters a majority drew (maximum likelihood of a binomial
    /// truncated below the majority, on a grid of 0.001); NaN without such clusters.
    /// </summary>
    private double DrawChance()
    {
        var best = double.NaN;
        var bestLog = double.NegativeInfinity;
        for (var q = 0.3; q < 0.9995; q += 0.001)
        {
            double log = 0;
            long seen = 0;
            foreach (var (n, row) in _counts)
            {
                double majority = 0;
                for (var d = 1; d <= n; d++) if (Kept(n, d)) majority += Binomial(n, d, q);
                for (var d = 1; d <= n; d++)
                {
                    if (!Kept(n, d) || row[d] == 0) continue;
                    seen += row[d];
                    log += row[d] * Math.Log(Binomial(n, d, q) / majority);
                }
            }
            if (seen == 0) return double.NaN;
            if (log > bestLog) (best, bestLog) = (q, log);
        }
        return best;
    }
}
