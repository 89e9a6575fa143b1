using System.Numerics;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Consolidation;

/// <summary>Tuning of <see cref="Consolidator"/>. The defaults were chosen with the simulator benchmark (README, Consolidation quality).</summary>
public sealed record ConsolidationOptions
{
    /// <summary>The default options.</summary>
    public static ConsolidationOptions Default { get; } = new();

    /// <summary>An instance whose agreement (mean OKS of its workers to the consensus) is below this needs review. Default 0.5.</summary>
    public double LowAgreementThreshold { get; init; } = 0.5;

    /// <summary>An instance whose expected OKS to the truth is below this needs review. Default 0.78.</summary>
    public double LowConfidenceThreshold { get; init; } = 0.78;

    /// <summary>A skeleton is mirrored when its mirror image's OKS to the others' consensus beats its own by this much. Default 0.1.</summary>
    public double SwapMargin { get; init; } = 0.1;

    /// <summary>
    /// Flag a skeleton whose consensus shows a face yet has its sides as seen from behind
    /// (<see cref="ReviewReasons.SidesContradictFace"/>); only for rigs with COCO's nose, eye and shoulder labels.
    /// Default true.
    /// </summary>
    public bool CheckFacing { get; init; } = true;

    /// <summary>Skeletons of two workers are the same instance only above this mirror-invariant OKS. Default 0.1.</summary>
    public double MatchThreshold { get; init; } = 0.1;

    /// <summary>
    /// Each worker's click variance per axis, in units of a keypoint's OKS tolerance, known from the rest of the batch
    /// (<see cref="Consolidator.EstimateWorkerNoise"/>); used instead of the estimate from one object's answers. Default none.
    /// </summary>
    public IReadOnlyDictionary<string, double>? WorkerNoise { get; init; }
}

/// <summary>
/// Multi-worker keypoint consolidation for one data object. Pure and deterministic: the result depends neither on the
/// order of the answers nor on the order of skeletons within an answer.
/// <list type="number">
/// <item>Match skeletons across workers (Hungarian assignment on mirror-invariant OKS to each cluster's median).</item>
/// <item>Mirror a skeleton whose mirror image fits the other workers' median clearly better; swap single left/right pairs likewise.</item>
/// <item>Estimate each worker's noise from residuals to the leave-one-out median over all its keypoints, or take it from <see cref="ConsolidationOptions.WorkerNoise"/> when the batch gave it.</item>
/// <item>Per keypoint: leave out outlier clicks, then take the inverse-variance weighted mean; present when at least half the workers placed it.</item>
/// <item>Agreement is COCO OKS with the rig's sigmas and the consensus box area as scale; the review verdict follows from it.</item>
/// </list>
/// </summary>
public static class Consolidator
{
    /// <summary>The method id written to <see cref="ConsolidationInfo.Method"/>.</summary>
    public const string Method = "gtpose-robust-v1";

    /// <summary>
    /// Consolidates every answer for one data object; null when none is usable (Ground Truth then marks the object failed).
    /// </summary>
    /// <param name="answers">All answers for the object, usable or not.</param>
    /// <param name="rig">The rig the answers use.</param>
    /// <param name="imageSize">Image size in pixels when known from outside the answers.</param>
    /// <param name="options">Thresholds; <see cref="ConsolidationOptions.Default"/> when null.</param>
    public static ConsolidatedLabel? Consolidate(IReadOnlyList<WorkerAnswer> answers, Rig rig, ImageSize? imageSize = null, ConsolidationOptions? options = null)
    {
        options ??= ConsolidationOptions.Default;
        var ordered = Order(answers);
        var usable = ordered.Where(a => a.IsUsable).ToList();
        if (usable.Count == 0) return null;
        imageSize ??= usable.Select(a => a.ImageSize).FirstOrDefault(s => s is not null);

        var reasons = new SortedSet<string>(StringComparer.Ordinal);
        var notes = new SortedSet<string>(StringComparer.Ordinal);
        if (ordered.Any(a => !a.IsUsable)) reasons.Add(ReviewReasons.UnreadableAnswer);
        if (usable.Any(a => a.Problems.Count > 0)) reasons.Add(ReviewReasons.InvalidPoints);
        if (ordered.Select(a => a.WorkerId).Distinct(StringComparer.Ordinal).Count() < ordered.Count) reasons.Add(ReviewReasons.DuplicateWorker);

        List<ConsolidatedInstance> instances;
        Dictionary<int, WorkerStats> stats;
        if (usable.Count == 1)
        {
            reasons.Add(ReviewReasons.SingleWorker);
            // As drawn, only listed in the same left-to-right order as consolidated skeletons.
            instances = usable[0].Instances.Select(i => new ConsolidatedInstance(i.Name,
                i.Keypoints.Select(k => new ConsolidatedKeypoint(k.Label, k.X, k.Y, null, 1)).ToArray(), Box(i.Keypoints), null))
                .OrderBy(i => i.Bbox?.Left ?? 0).ThenBy(i => i.Bbox?.Top ?? 0).ThenBy(i => i.Name, StringComparer.Ordinal).ToList();
            stats = [];
        }
        else
        {
            (instances, stats) = ConsolidateMany(usable, rig, options, reasons, notes);
        }

        var workers = new List<WorkerSummary>();
        var u = 0;
        foreach (var a in ordered)
        {
            var s = a.IsUsable ? stats.GetValueOrDefault(u++) : null;
            workers.Add(new WorkerSummary(a.WorkerId, s?.Agreement, s?.Swapped ?? false, a.NoChangesNeeded, a.WasModified,
                a.TotalTimeInSeconds, s is { Outliers: > 0 } ? s.Outliers : null, a.Problems.Count > 0 ? a.Problems : null));
        }
        return new ConsolidatedLabel(imageSize, instances, reasons.Count > 0, reasons.ToArray(), workers,
            new ConsolidationInfo(usable.Count == 1 ? "single-worker" : Method, answers.Count, rig.Name), notes.Count > 0 ? notes.ToArray() : null);
    }

    private static List<WorkerAnswer> Order(IReadOnlyList<WorkerAnswer> answers)
    {
        var ordered = answers.OrderBy(a => a.WorkerId, StringComparer.Ordinal).ToList();
        // Only a duplicated worker id leaves the order open; a content key settles it.
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].WorkerId != ordered[i - 1].WorkerId) continue;
            return ordered.OrderBy(a => a.WorkerId, StringComparer.Ordinal).ThenBy(ContentKey, StringComparer.Ordinal).ToList();
        }
        return ordered;
    }

    private static string ContentKey(WorkerAnswer a) => string.Join("|", a.Instances
        .Select(i => string.Join(",", i.Keypoints.OrderBy(k => k.Label, StringComparer.Ordinal).Select(k => FormattableString.Invariant($"{k.Label}:{k.X}:{k.Y}"))))
        .Order(StringComparer.Ordinal)) + a.Format + string.Join("|", a.Problems);

    private sealed class WorkerStats
    {
        public double? Agreement;
        public bool Swapped;
        public int Outliers;
    }

    private sealed class Obs
    {
        public Obs(int worker, SkeletonInstance instance, Rig rig)
        {
            Worker = worker;
            Name = instance.Name;
            X = new double[rig.Count];
            Y = new double[rig.Count];
            Array.Fill(X, double.NaN);
            Array.Fill(Y, double.NaN);
            foreach (var k in instance.Keypoints)
            {
                var i = rig.IndexOf(k.Label);
                if (i >= 0) { X[i] = k.X; Y[i] = k.Y; }
            }
        }

        public readonly int Worker;
        public readonly string Name;
        public readonly double[] X, Y;
        public bool Mirrored;
        public int PairSwaps;

        public bool IsEmpty => X.All(double.IsNaN);

        public void Mirror(ReadOnlySpan<int> flip)
        {
            for (var i = 0; i < X.Length; i++)
                if (flip[i] > i) Swap(i, flip[i]);
            Mirrored = !Mirrored;
        }

        public void Swap(int a, int b)
        {
            (X[a], X[b]) = (X[b], X[a]);
            (Y[a], Y[b]) = (Y[b], Y[a]);
        }
    }

    private sealed class Cluster
    {
        public readonly List<Obs> Members = [];
        public readonly double[] X, Y;
        // Per keypoint, the coordinates of the members that placed it, ascending: the centre is their median, and each
        // member's leave-one-out median drops one rank. A member joining is one insertion, not a sort.
        private readonly double[][] _sortedX, _sortedY;
        private readonly int[] _placed;
        private (double[][] X, double[][] Y)? _leaveOneOut;

        public Cluster(int k)
        {
            X = new double[k];
            Y = new double[k];
            _sortedX = new double[k][];
            _sortedY = new double[k][];
            _placed = new int[k];
        }

        public void Add(Obs o)
        {
            Members.Add(o);
            Insert(o);
            _leaveOneOut = null;
        }

        /// <summary>Members were mirrored or swapped: the columns and the centre are taken again.</summary>
        public void Changed()
        {
            Array.Clear(_placed);
            foreach (var m in Members) Insert(m);
            _leaveOneOut = null;
        }

        private void Insert(Obs o)
        {
            for (var i = 0; i < X.Length; i++)
            {
                if (double.IsNaN(o.X[i])) { if (_placed[i] == 0) X[i] = Y[i] = double.NaN; continue; }
                var n = _placed[i]++;
                if (_sortedX[i] is null || _sortedX[i].Length == n)
                {
                    Array.Resize(ref _sortedX[i], Math.Max(8, 2 * n));
                    Array.Resize(ref _sortedY[i], Math.Max(8, 2 * n));
                }
                X[i] = InsertSorted(_sortedX[i], n, o.X[i]);
                Y[i] = InsertSorted(_sortedY[i], n, o.Y[i]);
            }
        }

        private static double InsertSorted(double[] sorted, int n, double value)
        {
            var j = n - 1;
            for (; j >= 0 && sorted[j] > value; j--) sorted[j + 1] = sorted[j];
            sorted[j + 1] = value;
            return Geometry.MedianWithout(sorted.AsSpan(0, n + 1), -1);
        }

        /// <summary>Per member and keypoint, the median of the other members that placed it; NaN when none did.</summary>
        public (double[][] X, double[][] Y) LeaveOneOut()
        {
            if (_leaveOneOut is { } done) return done;
            var n = Members.Count;
            var k = X.Length;
            var x = new double[n][];
            var y = new double[n][];
            for (var j = 0; j < n; j++)
            {
                x[j] = new double[k];
                y[j] = new double[k];
                var m = Members[j];
                for (var i = 0; i < k; i++)
                {
                    ReadOnlySpan<double> xs = _sortedX[i].AsSpan(0, _placed[i]), ys = _sortedY[i].AsSpan(0, _placed[i]);
                    var own = !double.IsNaN(m.X[i]);
                    x[j][i] = Geometry.MedianWithout(xs, own ? xs.IndexOf(m.X[i]) : -1);
                    y[j][i] = Geometry.MedianWithout(ys, own ? ys.IndexOf(m.Y[i]) : -1);
                }
            }
            _leaveOneOut = (x, y);
            return (x, y);
        }
    }

    private static (List<ConsolidatedInstance>, Dictionary<int, WorkerStats>) ConsolidateMany(List<WorkerAnswer> usable, Rig rig, ConsolidationOptions options, SortedSet<string> reasons, SortedSet<string> notes)
    {
        var workerCount = usable.Count;
        var (clusters, noise, disputed) = MatchRepairAndMeasure(usable, rig, options);
        if (disputed) reasons.Add(ReviewReasons.SwapDisputed);
        if (options.WorkerNoise is { } known) UseKnownNoise(noise, usable, known);

        var stats = Enumerable.Range(0, workerCount).ToDictionary(w => w, _ => new WorkerStats());
        var agreementSum = new double[workerCount];
        var accepted = new List<(Cluster Cluster, ConsolidatedInstance Instance)>();
        foreach (var c in clusters)
        {
            foreach (var m in c.Members) stats[m.Worker].Swapped |= m.Mirrored || m.PairSwaps > 0;
            // A skeleton that fewer than half the workers drew is not part of the label; the object goes to review.
            if (c.Members.Count * 2 < workerCount) { reasons.Add(ReviewReasons.DisputedInstanceCount); continue; }
            // A tie is a dispute; a skeleton a clear majority drew (but some missed) is only noted.
            if (c.Members.Count * 2 == workerCount) reasons.Add(ReviewReasons.DisputedInstanceCount);
            else if (c.Members.Count < workerCount) notes.Add(ReviewReasons.SkeletonMissedBySome);
            var instance = Estimate(c, rig, noise, stats, agreementSum, options, reasons, notes);
            accepted.Add((c, instance));
        }
        if (stats.Values.Any(s => s.Swapped)) notes.Add(ReviewReasons.SwapCorrected);
        if (stats.Values.Any(s => s.Outliers > 0)) notes.Add(ReviewReasons.OutliersExcluded);
        foreach (var (w, s) in stats) s.Agreement = accepted.Count == 0 ? null : Math.Round(agreementSum[w] / accepted.Count, 3);

        var instances = Name(accepted).OrderBy(i => i.Bbox?.Left ?? 0).ThenBy(i => i.Bbox?.Top ?? 0).ThenBy(i => i.Name, StringComparer.Ordinal).ToList();
        return (instances, stats);
    }

    /// <summary>
    /// Each worker's click variance across many objects: the median of the per-object estimates of every worker seen in at
    /// least <paramref name="minObjects"/> objects with other workers. One object's three answers say little about who
    /// is careful; a batch says a lot.
    /// </summary>
    public static Dictionary<string, double> EstimateWorkerNoise(IEnumerable<IReadOnlyList<WorkerAnswer>> objects, Rig rig, int minObjects = 5, ConsolidationOptions? options = null)
    {
        options ??= ConsolidationOptions.Default;
        var seen = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var answers in objects)
        {
            var usable = Order(answers).Where(a => a.IsUsable).ToList();
            if (usable.Count < 3) continue;
            double[] noise;
            try
            {
                noise = MatchRepairAndMeasure(usable, rig, options).Noise;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // An object this pass cannot handle says nothing about its workers; its own consolidation reports the failure.
                continue;
            }
            for (var w = 0; w < usable.Count; w++)
            {
                if (!seen.TryGetValue(usable[w].WorkerId, out var list)) seen[usable[w].WorkerId] = list = [];
                list.Add(noise[w]);
            }
        }
        return seen.Where(p => p.Value.Count >= minObjects).ToDictionary(p => p.Key, p => Geometry.Median(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(p.Value)), StringComparer.Ordinal);
    }

    // Steps 1 to 3 of the class summary: skeletons matched, mirrors and pair swaps repaired (disputed when no clear
    // majority settles a side), each worker's noise from this object's answers.
    private static (List<Cluster> Clusters, double[] Noise, bool Disputed) MatchRepairAndMeasure(List<WorkerAnswer> usable, Rig rig, ConsolidationOptions options)
    {
        var byWorker = usable.Select((a, w) => a.Instances.Select(i => new Obs(w, i, rig)).Where(o => !o.IsEmpty).ToList()).ToList();
        var clusters = Match(byWorker, rig, options, rig.Count);
        var disputed = false;
        foreach (var c in clusters.Where(c => c.Members.Count > 1))
            disputed |= !FixSwaps(c, rig, options);
        return (clusters, EstimateNoise(clusters, rig, usable.Count), disputed);
    }

    // The batch says who is careful; this object says how hard it is. Known values keep their ratios and are scaled
    // by the median ratio of this object's estimates to them, so a blurry image still reads as uncertain.
    private static void UseKnownNoise(double[] noise, List<WorkerAnswer> usable, IReadOnlyDictionary<string, double> known)
    {
        Span<double> ratios = stackalloc double[noise.Length];
        var n = 0;
        for (var w = 0; w < noise.Length; w++)
            if (known.TryGetValue(usable[w].WorkerId, out var v) && v > 0) ratios[n++] = noise[w] / v;
        if (n == 0) return;
        var scale = Math.Max(1, Geometry.Median(ratios[..n]));
        for (var w = 0; w < noise.Length; w++)
            if (known.TryGetValue(usable[w].WorkerId, out var v)) noise[w] = v * scale;
    }

    private static List<Cluster> Match(List<List<Obs>> byWorker, Rig rig, ConsolidationOptions options, int k)
    {
        var clusters = new List<Cluster>();
        // Seeding from the worker with the most skeletons gives every later worker the most clusters to match.
        var seed = Enumerable.Range(0, byWorker.Count).OrderByDescending(w => byWorker[w].Count).ThenBy(w => w).First();
        foreach (var w in new[] { seed }.Concat(Enumerable.Range(0, byWorker.Count).Where(w => w != seed)))
        {
            var obs = byWorker[w];
            if (obs.Count == 0) continue;
            var assignment = new int[obs.Count];
            Array.Fill(assignment, -1);
            bool[,]? mirrorFits = null;
            if (clusters.Count > 0)
            {
                var cost = new double[obs.Count, clusters.Count];
                mirrorFits = new bool[obs.Count, clusters.Count];
                var clusterAreas = clusters.Select(c => Geometry.Area(c.X, c.Y)).ToArray();
                for (var i = 0; i < obs.Count; i++)
                {
                    var obsArea = Geometry.Area(obs[i].X, obs[i].Y);
                    for (var j = 0; j < clusters.Count; j++)
                    {
                        var area = Math.Max(clusterAreas[j], obsArea);
                        var (own, mirrored) = Geometry.OksBothWays(obs[i].X, obs[i].Y, clusters[j].X, clusters[j].Y, rig.SigmaSpan, area, rig.FlipSpan);
                        cost[i, j] = 1 - Math.Max(own, mirrored);
                        mirrorFits[i, j] = mirrored > own + options.SwapMargin;
                    }
                }
                assignment = Hungarian.Solve(cost);
                for (var i = 0; i < obs.Count; i++)
                    if (assignment[i] >= 0 && 1 - cost[i, assignment[i]] <= options.MatchThreshold) assignment[i] = -1;
            }
            for (var i = 0; i < obs.Count; i++)
            {
                if (assignment[i] >= 0)
                {
                    // Join in the cluster's orientation: a median of mirror images collapses onto the centre line
                    // and no longer matches anybody. Orientation is decided for good by FixSwaps.
                    // (A worker's skeletons go to different clusters, so each cluster is still as it was scored.)
                    if (mirrorFits![i, assignment[i]]) obs[i].Mirror(rig.FlipSpan);
                    clusters[assignment[i]].Add(obs[i]);
                    continue;
                }
                var c = new Cluster(k);
                c.Add(obs[i]);
                clusters.Add(c);
            }
        }
        return clusters;
    }

    /// <summary>
    /// Decides each member's orientation from pairwise comparisons: two skeletons are "same side" or "mirrored" when
    /// one reading fits clearly better, otherwise undecided. The orientation that agrees with the most decided pairs
    /// wins; among equals the one that flips fewest members. Returns false when that minimum is not a clear minority.
    /// </summary>
    private static bool FixSwaps(Cluster c, Rig rig, ConsolidationOptions options)
    {
        var members = c.Members;
        var area = Geometry.Area(c.X, c.Y);
        var initiallyMirrored = 0u;
        for (var j = 0; j < members.Count; j++) if (members[j].Mirrored) initiallyMirrored |= 1u << j;
        var clear = Orient(members.Count, initiallyMirrored, (a, b) =>
        {
            var (own, mirrored) = Geometry.OksBothWays(members[a].X, members[a].Y, members[b].X, members[b].Y, rig.SigmaSpan, area, rig.FlipSpan);
            return mirrored > own + options.SwapMargin ? -1 : own > mirrored + options.SwapMargin ? 1 : 0;
        }, out var flips, out _);
        for (var j = 0; j < members.Count; j++) if (flips[j]) members[j].Mirror(rig.FlipSpan);

        for (var a = 0; a < rig.Count; a++)
        {
            var b = rig.FlipSpan[a];
            if (b <= a) continue;
            // A single pair's reading is local evidence: corrected by a clear majority, left alone when two workers disagree with no third to decide.
            var pairClear = Orient(members.Count, 0, (p, q) =>
            {
                Obs m = members[p], o = members[q];
                if (double.IsNaN(m.X[a]) || double.IsNaN(m.X[b]) || double.IsNaN(o.X[a]) || double.IsNaN(o.X[b])) return 0;
                var kept = Geometry.NormalizedSquared(m.X[a] - o.X[a], m.Y[a] - o.Y[a], rig.SigmaSpan[a], area) + Geometry.NormalizedSquared(m.X[b] - o.X[b], m.Y[b] - o.Y[b], rig.SigmaSpan[b], area);
                var swapped = Geometry.NormalizedSquared(m.X[a] - o.X[b], m.Y[a] - o.Y[b], rig.SigmaSpan[a], area) + Geometry.NormalizedSquared(m.X[b] - o.X[a], m.Y[b] - o.Y[a], rig.SigmaSpan[b], area);
                // Only far-apart readings decide: a pair drawn close together (a profile view) stays undecided.
                return swapped * 4 < kept && kept > 1.5 ? -1 : kept * 4 < swapped && swapped > 1.5 ? 1 : 0;
            }, out var pairFlips, out var pairVoters);
            if (!pairClear && pairVoters <= 2) continue;
            for (var j = 0; j < members.Count; j++)
                if (pairFlips[j]) { members[j].Swap(a, b); members[j].PairSwaps++; }
        }
        c.Changed();
        return clear;
    }

    /// <param name="n">Members.</param>
    /// <param name="initial">Members already flipped (during matching); "fewest flips" counts members that end up flipped from how they were drawn.</param>
    /// <param name="relation">+1 same side, -1 mirrored, 0 undecided, for a pair of members.</param>
    /// <param name="flips">Members to flip now.</param>
    /// <param name="voters">Members with at least one decided comparison.</param>
    private static bool Orient(int n, uint initial, Func<int, int, int> relation, out bool[] flips, out int voters)
    {
        // same[a] / mirrored[a]: bit b is set when members a and b read the same way / as mirror images.
        var same = new uint[n];
        var mirrored = new uint[n];
        for (var a = 0; a < n; a++)
            for (var b = a + 1; b < n; b++)
            {
                var r = relation(a, b);
                if (r > 0) { same[a] |= 1u << b; same[b] |= 1u << a; }
                else if (r < 0) { mirrored[a] |= 1u << b; mirrored[b] |= 1u << a; }
            }
        flips = new bool[n];
        voters = 0;
        for (var a = 0; a < n; a++) if ((same[a] | mirrored[a]) != 0) voters++;
        // Nobody reads mirrored against anybody and nobody was flipped: nothing to do (the common case, kept cheap).
        if (initial == 0 && !mirrored.AsSpan().ContainsAnyExcept(0u)) return true;

        int Score(uint mask)
        {
            var score = 0;
            for (var a = 0; a < n; a++)
            {
                var side = ((mask >> a) & 1) == 1 ? mask : ~mask;
                score += BitOperations.PopCount(same[a] & side) + BitOperations.PopCount(mirrored[a] & ~side);
            }
            return score / 2;
        }

        uint bestMask = 0;
        int best, bestFlips = 0, ties = 1;
        if (n <= 16)
        {
            // Gray-code walk over every orientation: each step flips one member, so the score changes by that member's pairs only.
            var decided = new int[n];
            for (var a = 0; a < n; a++) decided[a] = BitOperations.PopCount(same[a] | mirrored[a]);
            uint mask = 0;
            var score = Score(0);
            best = score;
            bestFlips = BitOperations.PopCount(initial);
            for (uint i = 1; i < 1u << n; i++)
            {
                var a = BitOperations.TrailingZeroCount(i);
                var side = ((mask >> a) & 1) == 1 ? mask : ~mask;
                var satisfied = BitOperations.PopCount(same[a] & side) + BitOperations.PopCount(mirrored[a] & ~side);
                score += decided[a] - 2 * satisfied;
                mask ^= 1u << a;
                var flipped = BitOperations.PopCount(mask ^ initial);
                if (score > best || (score == best && flipped < bestFlips)) { best = score; bestFlips = flipped; bestMask = mask; ties = 1; }
                else if (score == best && flipped == bestFlips) ties++;
            }
        }
        else
        {
            // More answers than Ground Truth sends: a greedy walk keeps the time linear in practice.
            best = Score(0);
            for (var improved = true; improved;)
            {
                improved = false;
                for (var a = 0; a < n; a++)
                {
                    var candidate = bestMask ^ (1u << a);
                    var score = Score(candidate);
                    if (score <= best) continue;
                    (best, bestMask, improved) = (score, candidate, true);
                }
            }
            bestFlips = BitOperations.PopCount(bestMask ^ initial);
        }
        for (var j = 0; j < n; j++) flips[j] = ((bestMask >> j) & 1) == 1;
        // With three or fewer workers a single mirrored skeleton is outvoted two to one; with more, a third flipped is already a split vote.
        return ties == 1 && (voters <= 3 ? bestFlips * 2 < voters : bestFlips * 3 < voters);
    }

    private const double MinNoise = 1e-4;

    /// <summary>Per worker, the variance of its clicks in units of the keypoint tolerance (s·2σ)², from all its skeletons in the object.</summary>
    private static double[] EstimateNoise(List<Cluster> clusters, Rig rig, int workerCount)
    {
        var residuals = Enumerable.Range(0, workerCount).Select(_ => new List<double>()).ToArray();
        var k = rig.Count;
        foreach (var c in clusters.Where(c => c.Members.Count > 1))
        {
            var area = Geometry.Area(c.X, c.Y);
            var (looX, looY) = c.LeaveOneOut();
            for (var j = 0; j < c.Members.Count; j++)
            {
                var m = c.Members[j];
                double[] rx = looX[j], ry = looY[j];
                for (var i = 0; i < k; i++)
                    if (!double.IsNaN(m.X[i]) && !double.IsNaN(rx[i]))
                        residuals[m.Worker].Add(Geometry.NormalizedSquared(m.X[i] - rx[i], m.Y[i] - ry[i], rig.SigmaSpan[i], area));
            }
        }
        // The median of a 2-D Gaussian's squared radius is 2 ln 2 times the per-axis variance.
        // Floored so identical answers (zero residuals) keep finite weights.
        var raw = residuals.Select(r => r.Count == 0 ? 1.0 : Math.Max(MinNoise, Geometry.Median(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(r)) / (2 * Math.Log(2)))).ToArray();
        if (workerCount < 3) return raw;
        // Residuals are taken against the median of the other m workers, whose own noise adds (c/m²)·Σσ² to each raw
        // figure (c = 1 for a mean of up to two, about 1.4 for a median of more). Solving that linear system once
        // gives each worker's own variance.
        var others = workerCount - 1;
        var share = (others <= 2 ? 1.0 : 1.4) / (others * (double)others);
        var total = raw.Sum() / (1 + (workerCount - 1) * share);
        return raw.Select(v => Math.Max(Math.Max(v * 0.1, MinNoise), (v - share * total) / (1 - share))).ToArray();
    }

    private static ConsolidatedInstance Estimate(Cluster c, Rig rig, double[] noise, Dictionary<int, WorkerStats> stats, double[] agreementSum, ConsolidationOptions options, SortedSet<string> reasons, SortedSet<string> notes)
    {
        var k = rig.Count;
        var n = c.Members.Count;
        var area = Geometry.Area(c.X, c.Y);
        double[] ex = new double[k], ey = new double[k];
        var (looX, looY) = c.LeaveOneOut();
        var votes = new int[k];
        var outlier = new bool[n, k];
        var placed = new int[k];
        foreach (var m in c.Members)
            for (var i = 0; i < k; i++)
                if (!double.IsNaN(m.X[i])) placed[i]++;
        for (var j = 0; j < n; j++)
        {
            var m = c.Members[j];
            double[] rx = looX[j], ry = looY[j];
            double others = 0;
            foreach (var o in c.Members) if (o != m) others += noise[o.Worker];
            var refVariance = n > 1 ? others / (n - 1) / (n - 1) : 0;
            for (var i = 0; i < k; i++)
            {
                if (double.IsNaN(m.X[i])) continue;
                votes[i]++;
                if (placed[i] - 1 < 2) continue;
                var r2 = Geometry.NormalizedSquared(m.X[i] - rx[i], m.Y[i] - ry[i], rig.SigmaSpan[i], area);
                // 13.8 is the 99.9% point of a 2-D Gaussian's squared radius in per-axis variances; below r² = 4 a click still scores OKS > 0.13.
                if (r2 > Math.Max(4, 13.8 * (noise[m.Worker] + refVariance))) outlier[j, i] = true;
            }
        }
        var keypoints = new List<ConsolidatedKeypoint>();
        double expectedSum = 0;
        var fewVotes = false;
        for (var i = 0; i < k; i++)
        {
            ex[i] = ey[i] = double.NaN;
            if (votes[i] == 0) continue;
            if (votes[i] * 2 < n) { fewVotes = true; continue; }
            double sw = 0, sx = 0, sy = 0;
            for (var j = 0; j < n; j++)
            {
                var m = c.Members[j];
                if (double.IsNaN(m.X[i]) || outlier[j, i]) continue;
                var w = 1 / noise[m.Worker];
                sw += w; sx += w * m.X[i]; sy += w * m.Y[i];
            }
            (ex[i], ey[i]) = sw > 0 ? (sx / sw, sy / sw) : (c.X[i], c.Y[i]);
        }
        if (fewVotes) notes.Add(ReviewReasons.FewVotes);
        if (options.CheckFacing && SidesContradictFace(ex, ey, votes, n, rig)) reasons.Add(ReviewReasons.SidesContradictFace);
        var estimateArea = Geometry.Area(ex, ey);
        for (var i = 0; i < k; i++)
        {
            if (double.IsNaN(ex[i])) continue;
            // Variance of the weighted mean in tolerance units v gives an expected OKS of 1 / (1 + v) for a 2-D Gaussian error.
            double precision = 0;
            for (var j = 0; j < n; j++)
                if (!double.IsNaN(c.Members[j].X[i]) && !outlier[j, i]) precision += 1 / noise[c.Members[j].Worker];
            var expectedOks = precision > 0 ? 1 / (1 + 1 / precision) : 0;
            var confidence = expectedOks * votes[i] / n;
            expectedSum += expectedOks;
            keypoints.Add(new ConsolidatedKeypoint(rig.Keypoints[i].Label, Math.Round(ex[i], 1), Math.Round(ey[i], 1),
                Math.Round(confidence, 2), votes[i]));
        }
        double agreement = 0;
        for (var j = 0; j < n; j++)
        {
            var m = c.Members[j];
            var oks = Geometry.Oks(m.X, m.Y, ex, ey, rig.SigmaSpan, estimateArea);
            agreement += oks;
            agreementSum[m.Worker] += oks;
            for (var i = 0; i < k; i++) if (outlier[j, i]) stats[m.Worker].Outliers++;
        }
        agreement /= n;
        if (agreement < options.LowAgreementThreshold) reasons.Add(ReviewReasons.LowAgreement);
        var expected = keypoints.Count == 0 ? 0 : expectedSum / keypoints.Count;
        if (expected < options.LowConfidenceThreshold) reasons.Add(ReviewReasons.LowConfidence);
        var box = Box(keypoints.Select(p => new Keypoint(p.Label, p.X, p.Y)).ToList());
        return new ConsolidatedInstance(MajorityName(c), keypoints, box, Math.Round(agreement, 3), Math.Round(expected, 3));
    }

    /// <summary>
    /// Whether the consensus's shoulders read as a person seen from behind while it shows a face (nose and both eyes
    /// each placed by more than half of the skeleton's <paramref name="members"/>; a tie may be guesses), or read as a
    /// person seen from the front while it shows no face (fewer than half of the possible placements of the three). Seen from the
    /// front, a person's left shoulder is on the image's right of the right shoulder, with "up" taken along the body
    /// (hips to shoulders, else shoulders to nose) so a lying or tilted person reads the same. A vote cannot catch a
    /// majority that labelled from its own side; this can, facing the camera or away.
    /// </summary>
    private static bool SidesContradictFace(double[] x, double[] y, int[] votes, int members, Rig rig)
    {
        if (rig.FacingLandmarks is not { } f) return false;
        bool Shown(int i) => votes[i] * 2 > members && !double.IsNaN(x[i]);
        var face = Shown(f.Nose) && Shown(f.LeftEye) && Shown(f.RightEye);
        // Workers guess a hidden face now and then, so "no face" counts the placements of all three together.
        var noFace = (votes[f.Nose] + votes[f.LeftEye] + votes[f.RightEye]) * 2 < 3 * members;
        if (!face && !noFace) return false;
        if (double.IsNaN(x[f.LeftShoulder]) || double.IsNaN(x[f.RightShoulder])) return false;
        double midX = (x[f.LeftShoulder] + x[f.RightShoulder]) / 2, midY = (y[f.LeftShoulder] + y[f.RightShoulder]) / 2;
        double upX, upY;
        if (f.LeftHip >= 0 && f.RightHip >= 0 && !double.IsNaN(x[f.LeftHip]) && !double.IsNaN(x[f.RightHip]))
            (upX, upY) = (midX - (x[f.LeftHip] + x[f.RightHip]) / 2, midY - (y[f.LeftHip] + y[f.RightHip]) / 2);
        else if (face)
            (upX, upY) = (x[f.Nose] - midX, y[f.Nose] - midY);
        else
            return false;
        double acrossX = x[f.LeftShoulder] - x[f.RightShoulder], acrossY = y[f.LeftShoulder] - y[f.RightShoulder];
        var lengths = Math.Sqrt((upX * upX + upY * upY) * (acrossX * acrossX + acrossY * acrossY));
        if (lengths == 0) return false;
        // In image coordinates (y down) a front view gives a positive sine; a clear negative one is a back view. Near
        // zero (a profile, shoulders in line with the body) says nothing.
        var sine = (upX * acrossY - upY * acrossX) / lengths;
        return face ? sine < -0.5 : sine > 0.5;
    }

    private static string MajorityName(Cluster c) => c.Members.GroupBy(m => m.Name, StringComparer.Ordinal)
        .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;

    private static IEnumerable<ConsolidatedInstance> Name(List<(Cluster Cluster, ConsolidatedInstance Instance)> accepted)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        // Larger clusters keep their majority name first; a clash gets the next free skeleton_N.
        foreach (var (_, instance) in accepted.OrderByDescending(a => a.Cluster.Members.Count).ThenBy(a => a.Instance.Bbox?.Left ?? 0).ThenBy(a => a.Instance.Bbox?.Top ?? 0))
        {
            var name = instance.Name;
            for (var i = 1; !used.Add(name); i++) name = $"skeleton_{i}";
            yield return instance with { Name = name };
        }
    }

    internal static BoundingBox? Box(IReadOnlyList<Keypoint> points)
    {
        if (points.Count == 0) return null;
        double l = points.Min(p => p.X), t = points.Min(p => p.Y), r = points.Max(p => p.X), b = points.Max(p => p.Y);
        return new BoundingBox(Math.Round(l, 1), Math.Round(t, 1), Math.Round(r - l, 1), Math.Round(b - t, 1));
    }
}
