using System.Numerics;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Consolidation;

/// <summary>Tuning of <see cref="Consolidator"/>. The defaults were chosen with the simulator benchmark (README, Consolidation quality).</summary>
public sealed record ConsolidationOptions
{
    /// <summary>The default options.</summary>
    public static ConsolidationOptions Default { get; } = new();

    /// <summary>An instance whose agreement (mean OKS of its workers to the consensus) is below this needs review. Default 0.6.</summary>
    public double LowAgreementThreshold { get; init; } = 0.6;

    /// <summary>An instance whose expected OKS to the truth is below this needs review. Default 0.74.</summary>
    public double LowConfidenceThreshold { get; init; } = 0.74;

    /// <summary>
    /// An object whose instances' mean expected OKS is below this needs review: the measure a reviewer of the whole
    /// image meets, so a threshold above <see cref="LowConfidenceThreshold"/> catches several middling skeletons. Default 0.81.
    /// </summary>
    public double LowMeanConfidenceThreshold { get; init; } = 0.81;

    /// <summary>A skeleton is mirrored when its mirror image's OKS to the others' consensus beats its own by this much. Default 0.1.</summary>
    public double SwapMargin { get; init; } = 0.1;

    /// <summary>
    /// Flag a skeleton whose left and right are likely exchanged (<see cref="ReviewReasons.SidesContradictFace"/>): the
    /// mirror vote and the face together give a chance above <see cref="SidesWrongThreshold"/>. Only for rigs with
    /// COCO's nose, eye and shoulder labels. Default true.
    /// </summary>
    public bool CheckFacing { get; init; } = true;

    /// <summary>Chance (0 to 1) that a skeleton's consensus has left and right exchanged above which it needs review. Default 0.03.</summary>
    public double SidesWrongThreshold { get; init; } = 0.03;

    /// <summary>
    /// What the facing check assumes of workers and faces; see <see cref="FacingAssumptions"/>. PostAnnotation refines
    /// the defaults from each batch (<see cref="Consolidator.EstimateBatch"/>); other values are kept as given.
    /// </summary>
    public FacingAssumptions Facing { get; init; } = FacingAssumptions.Default;

    /// <summary>Skeletons of two workers are the same instance only above this mirror-invariant OKS. Default 0.1.</summary>
    public double MatchThreshold { get; init; } = 0.1;

    /// <summary>
    /// Each worker's click variance per axis, in units of a keypoint's OKS tolerance, known from the rest of the batch
    /// (<see cref="Consolidator.EstimateWorkerNoise"/>); used instead of the estimate from one object's answers. Default none.
    /// </summary>
    public IReadOnlyDictionary<string, double>? WorkerNoise { get; init; }

    /// <summary>An audit job (one auditor is the norm): <c>single_worker</c> is not a review reason. Default false.</summary>
    public bool AuditMode { get; init; }
}

/// <summary>
/// Multi-worker keypoint consolidation for one data object. Pure and deterministic: the result depends neither on the
/// order of the answers nor on the order of skeletons within an answer.
/// <list type="number">
/// <item>Match skeletons across workers (Hungarian assignment on mirror-invariant OKS to each cluster's median).</item>
/// <item>Mirror a skeleton whose mirror image fits the other workers' median clearly better; swap single left/right pairs likewise. An even vote goes to the face (whole skeletons) or to the side the rest of the body reads (single pairs).</item>
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
        WorkerStats[] stats;
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
            var s = a.IsUsable && u < stats.Length ? stats[u++] : null;
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
            var next = 0;
            foreach (var k in instance.Keypoints)
            {
                // Keypoints come in rig order, their labels the rig's own strings: the dictionary is the fallback.
                var i = next < rig.Count && ReferenceEquals(rig.Keypoints[next].Label, k.Label) ? next : rig.IndexOf(k.Label);
                if (i >= 0) { X[i] = k.X; Y[i] = k.Y; }
                next = i + 1;
            }
        }

        public readonly int Worker;
        public readonly string Name;
        public readonly double[] X, Y;
        public bool Mirrored;
        public int PairSwaps;

        public bool IsEmpty
        {
            get
            {
                foreach (var x in X) if (!double.IsNaN(x)) return false;
                return true;
            }
        }

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
        // Per keypoint i, the coordinates of the members that placed it, ascending, at [i * _stride, i * _stride +
        // _placed[i]): the centre is their median, and each member's leave-one-out median drops one rank. A member
        // joining is one insertion, not a sort.
        private readonly double[] _sortedX, _sortedY;
        private readonly int _stride;
        private readonly int[] _placed;
        private (double[] X, double[] Y)? _leaveOneOut;

        /// <param name="k">Keypoints in the rig.</param>
        /// <param name="capacity">Members expected (the object's workers: one skeleton each at most), so the columns are allocated once.</param>
        public Cluster(int k, int capacity)
        {
            X = new double[k];
            Y = new double[k];
            _placed = new int[k];
            _stride = Math.Max(1, capacity);
            _sortedX = new double[k * _stride];
            _sortedY = new double[k * _stride];
        }

        public void Add(Obs o)
        {
            // Matching gives a cluster at most one skeleton of each worker.
            if (Members.Count == _stride) throw new InvalidOperationException($"a cluster sized for {_stride} workers got another skeleton");
            Members.Add(o);
            Insert(o);
            Centre();
            _leaveOneOut = null;
        }

        /// <summary>Members were mirrored or swapped: the columns and the centre are taken again.</summary>
        public void Changed()
        {
            Array.Clear(_placed);
            foreach (var m in Members) Insert(m);
            Centre();
            _leaveOneOut = null;
        }

        /// <summary>Per keypoint, how many members placed it (kept with the columns, so current after <see cref="Changed"/>).</summary>
        public ReadOnlySpan<int> Placed => _placed;

        /// <summary>Members turned from how they were drawn.</summary>
        public int MirroredMembers
        {
            get
            {
                var n = 0;
                foreach (var m in Members) if (m.Mirrored) n++;
                return n;
            }
        }

        private ReadOnlySpan<double> Column(double[] sorted, int i) => sorted.AsSpan(i * _stride, _placed[i]);

        private void Insert(Obs o)
        {
            for (var i = 0; i < X.Length; i++)
            {
                if (double.IsNaN(o.X[i])) continue;
                var n = _placed[i]++;
                InsertSorted(_sortedX.AsSpan(i * _stride, n + 1), o.X[i]);
                InsertSorted(_sortedY.AsSpan(i * _stride, n + 1), o.Y[i]);
            }
        }

        /// <summary>Inserts into the ascending values before the last slot of <paramref name="sorted"/>.</summary>
        private static void InsertSorted(Span<double> sorted, double value)
        {
            var j = sorted.Length - 2;
            for (; j >= 0 && sorted[j] > value; j--) sorted[j + 1] = sorted[j];
            sorted[j + 1] = value;
        }

        private void Centre()
        {
            for (var i = 0; i < X.Length; i++)
            {
                X[i] = Geometry.MedianWithout(Column(_sortedX, i), -1);
                Y[i] = Geometry.MedianWithout(Column(_sortedY, i), -1);
            }
        }

        /// <summary>Index of <paramref name="value"/> (not NaN) in the ascending <paramref name="sorted"/>.</summary>
        private static int RankOf(ReadOnlySpan<double> sorted, double value)
        {
            for (var r = 0; r < sorted.Length; r++) if (sorted[r] == value) return r;
            return -1;
        }

        /// <summary>
        /// Per member and keypoint, the median of the other members that placed it; NaN when none did. Member j's
        /// keypoint i is at [j * keypoints + i].
        /// </summary>
        public (double[] X, double[] Y) LeaveOneOut()
        {
            if (_leaveOneOut is { } done) return done;
            var n = Members.Count;
            var k = X.Length;
            var x = new double[n * k];
            var y = new double[n * k];
            for (var j = 0; j < n; j++)
            {
                var m = Members[j];
                for (var i = 0; i < k; i++)
                {
                    ReadOnlySpan<double> xs = Column(_sortedX, i), ys = Column(_sortedY, i);
                    var own = !double.IsNaN(m.X[i]);
                    x[j * k + i] = Geometry.MedianWithout(xs, own ? RankOf(xs, m.X[i]) : -1);
                    y[j * k + i] = Geometry.MedianWithout(ys, own ? RankOf(ys, m.Y[i]) : -1);
                }
            }
            _leaveOneOut = (x, y);
            return (x, y);
        }
    }

    private static (List<ConsolidatedInstance>, WorkerStats[]) ConsolidateMany(List<WorkerAnswer> usable, Rig rig, ConsolidationOptions options, SortedSet<string> reasons, SortedSet<string> notes)
    {
        var workerCount = usable.Count;
        var (clusters, noise, disputed) = MatchRepairAndMeasure(usable, rig, options);
        if (disputed) reasons.Add(ReviewReasons.SwapDisputed);
        if (options.WorkerNoise is { } known) UseKnownNoise(noise, usable, known);

        var stats = new WorkerStats[workerCount];
        for (var w = 0; w < workerCount; w++) stats[w] = new WorkerStats();
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
        if (stats.Any(s => s.Swapped)) notes.Add(ReviewReasons.SwapCorrected);
        if (stats.Any(s => s.Outliers > 0)) notes.Add(ReviewReasons.OutliersExcluded);
        for (var w = 0; w < workerCount; w++) stats[w].Agreement = accepted.Count == 0 ? null : Math.Round(agreementSum[w] / accepted.Count, 3);

        var instances = Name(accepted).OrderBy(i => i.Bbox?.Left ?? 0).ThenBy(i => i.Bbox?.Top ?? 0).ThenBy(i => i.Name, StringComparer.Ordinal).ToList();
        // Summed in the label's own order: a mean on the threshold must not depend on the order skeletons were drawn in.
        if (instances.Count > 0 && instances.Average(i => i.Confidence ?? 0) < options.LowMeanConfidenceThreshold) reasons.Add(ReviewReasons.LowConfidence);
        return (instances, stats);
    }

    /// <summary>
    /// Each worker's click variance across many objects: the median of the per-object estimates of every worker seen in at
    /// least <paramref name="minObjects"/> objects with other workers. One object's three answers say little about who
    /// is careful; a batch says a lot.
    /// </summary>
    public static Dictionary<string, double> EstimateWorkerNoise(IEnumerable<IReadOnlyList<WorkerAnswer>> objects, Rig rig, int minObjects = 5, ConsolidationOptions? options = null) =>
        EstimateBatch(objects, rig, minObjects, options).WorkerNoise;

    /// <summary>
    /// What a batch tells that one object's answers cannot: each worker's click variance (as
    /// <see cref="EstimateWorkerNoise"/>) and how this crowd treats faces and sides (<see cref="FacingAssumptions"/>,
    /// from the skeletons the workers agree on; <paramref name="options"/>' own assumptions where the batch holds too
    /// few of them).
    /// </summary>
    public static BatchEstimates EstimateBatch(IEnumerable<IReadOnlyList<WorkerAnswer>> objects, Rig rig, int minObjects = 5, ConsolidationOptions? options = null)
    {
        options ??= ConsolidationOptions.Default;
        var seen = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var facing = new List<FacingEvidence>();
        foreach (var answers in objects)
        {
            var usable = Order(answers).Where(a => a.IsUsable).ToList();
            if (usable.Count < 2) continue;
            List<Cluster> clusters;
            double[] noise;
            try
            {
                (clusters, noise, _) = MatchRepairAndMeasure(usable, rig, options);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // An object this pass cannot handle says nothing about its workers; its own consolidation reports the failure.
                continue;
            }
            if (rig.FacingLandmarks is { } f)
                foreach (var c in clusters)
                    if (c.Members.Count >= 2) facing.Add(Evidence(c, f));
            // Two workers' residuals are each other's: they cannot say which of the two is careful.
            if (usable.Count < 3) continue;
            for (var w = 0; w < usable.Count; w++)
            {
                if (!seen.TryGetValue(usable[w].WorkerId, out var list)) seen[usable[w].WorkerId] = list = [];
                list.Add(noise[w]);
            }
        }
        var workerNoise = seen.Where(p => p.Value.Count >= minObjects).ToDictionary(p => p.Key, p => Geometry.Median(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(p.Value)), StringComparer.Ordinal);
        return new BatchEstimates(workerNoise, options.Facing.Estimate(facing));
    }

    private static FacingEvidence Evidence(Cluster c, Rig.Facing f)
    {
        var n = c.Members.Count;
        var placed = c.Placed;
        return new FacingEvidence(n, c.MirroredMembers, placed[f.Nose], placed[f.LeftEye], placed[f.RightEye], FacingSine(c.X, c.Y, f, noseForUp: placed[f.Nose] * 2 > n));
    }

    // Steps 1 to 3 of the class summary: skeletons matched, mirrors and pair swaps repaired (disputed when no clear
    // majority settles a side), each worker's noise from this object's answers.
    private static (List<Cluster> Clusters, double[] Noise, bool Disputed) MatchRepairAndMeasure(List<WorkerAnswer> usable, Rig rig, ConsolidationOptions options)
    {
        var byWorker = new List<List<Obs>>(usable.Count);
        for (var w = 0; w < usable.Count; w++)
        {
            var drawn = new List<Obs>(usable[w].Instances.Count);
            foreach (var instance in usable[w].Instances)
                if (new Obs(w, instance, rig) is { IsEmpty: false } o) drawn.Add(o);
            byWorker.Add(drawn);
        }
        var clusters = Match(byWorker, rig, options, rig.Count);
        var disputed = false;
        foreach (var c in clusters)
            if (c.Members.Count > 1) disputed |= !FixSwaps(c, rig, options);
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
                var clusterAreas = new double[clusters.Count];
                for (var j = 0; j < clusters.Count; j++) clusterAreas[j] = Geometry.Area(clusters[j].X, clusters[j].Y);
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
                var c = new Cluster(k, byWorker.Count);
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
        var n = members.Count;
        var area = Geometry.Area(c.X, c.Y);
        var initiallyMirrored = 0u;
        for (var j = 0; j < n; j++) if (members[j].Mirrored) initiallyMirrored |= 1u << j;
        // same[p] / mirrored[p]: bit q is set when members p and q read the same way / as mirror images.
        Span<uint> same = stackalloc uint[n], mirrored = stackalloc uint[n];
        for (var p = 0; p < n; p++)
            for (var q = p + 1; q < n; q++)
            {
                var (own, mirror) = Geometry.OksBothWays(members[p].X, members[p].Y, members[q].X, members[q].Y, rig.SigmaSpan, area, rig.FlipSpan);
                Relate(same, mirrored, p, q, mirror > own + options.SwapMargin ? -1 : own > mirror + options.SwapMargin ? 1 : 0);
            }
        var clear = Orient(same, mirrored, initiallyMirrored, out var flips, out _);
        for (var j = 0; j < n; j++) if (((flips >> j) & 1) == 1) members[j].Mirror(rig.FlipSpan);
        var changed = flips != 0;

        ReadOnlySpan<double> sigma = rig.SigmaSpan;
        for (var a = 0; a < rig.Count; a++)
        {
            var b = rig.FlipSpan[a];
            if (b <= a) continue;
            // A single pair's reading is local evidence: corrected by a clear majority, left alone when two workers disagree with no third to decide.
            same.Clear();
            mirrored.Clear();
            for (var p = 0; p < n; p++)
            {
                var m = members[p];
                if (double.IsNaN(m.X[a]) || double.IsNaN(m.X[b])) continue;
                for (var q = p + 1; q < n; q++)
                {
                    var o = members[q];
                    if (double.IsNaN(o.X[a]) || double.IsNaN(o.X[b])) continue;
                    var kept = Geometry.NormalizedSquared(m.X[a] - o.X[a], m.Y[a] - o.Y[a], sigma[a], area) + Geometry.NormalizedSquared(m.X[b] - o.X[b], m.Y[b] - o.Y[b], sigma[b], area);
                    var swapped = Geometry.NormalizedSquared(m.X[a] - o.X[b], m.Y[a] - o.Y[b], sigma[a], area) + Geometry.NormalizedSquared(m.X[b] - o.X[a], m.Y[b] - o.Y[a], sigma[b], area);
                    // Only far-apart readings decide: a pair drawn close together (a profile view) stays undecided.
                    Relate(same, mirrored, p, q, swapped * 4 < kept && kept > 1.5 ? -1 : kept * 4 < swapped && swapped > 1.5 ? 1 : 0);
                }
            }
            var pairClear = Orient(same, mirrored, 0, out var pairFlips, out var pairVoters);
            // Two workers cross this pair with no third to decide: their mean would put both points midway, wrong
            // either way, so the side the rest of the body reads decides when it reads clearly.
            if (!pairClear && pairVoters <= 2) pairFlips = BodySideFlips(c, a, rig);
            for (var j = 0; j < n; j++)
                if (((pairFlips >> j) & 1) == 1) { members[j].Swap(a, b); members[j].PairSwaps++; }
            changed |= pairFlips != 0;
        }
        // Most clusters need no repair; their columns and centre still hold.
        if (changed) c.Changed();
        if (!clear && options.CheckFacing && rig.FacingLandmarks is { } facing) clear = SettleByFace(c, rig, facing, options);
        return clear;
    }

    /// <summary>
    /// An even mirror vote (two workers against each other, say) settled by the face: every member is mirrored when the
    /// face makes the other reading the likelier. Whether it was settled (not when the landmarks do not tell); a reading
    /// still in doubt goes to review through the facing check.
    /// </summary>
    private static bool SettleByFace(Cluster c, Rig rig, Rig.Facing f, ConsolidationOptions options)
    {
        var n = c.Members.Count;
        var mirrored = c.MirroredMembers;
        if (mirrored * 2 != n) return false;
        var chance = SidesWrongChance(c.X, c.Y, c.Placed, n, mirrored, f, options.Facing);
        if (double.IsNaN(chance)) return false;
        if (chance <= 0.5) return true;
        foreach (var m in c.Members) m.Mirror(rig.FlipSpan);
        c.Changed();
        return true;
    }

    /// <summary>
    /// Members whose reading of the pair holding keypoint <paramref name="a"/> points against the body's other pairs
    /// (left to right, at the cluster's centre); none when any member's reading, or the body's, is not clear.
    /// </summary>
    private static uint BodySideFlips(Cluster c, int a, Rig rig)
    {
        ReadOnlySpan<int> flip = rig.FlipSpan;
        ReadOnlySpan<bool> isLeft = rig.IsLeftSpan;
        var left = isLeft[a] ? a : flip[a];
        var right = flip[left];
        double acrossX = 0, acrossY = 0;
        for (var i = 0; i < isLeft.Length; i++)
        {
            if (!isLeft[i] || i == left || double.IsNaN(c.X[i]) || double.IsNaN(c.X[flip[i]])) continue;
            acrossX += c.X[i] - c.X[flip[i]];
            acrossY += c.Y[i] - c.Y[flip[i]];
        }
        var across = Math.Sqrt(acrossX * acrossX + acrossY * acrossY);
        if (across == 0) return 0;
        uint flips = 0;
        for (var j = 0; j < c.Members.Count; j++)
        {
            var m = c.Members[j];
            if (double.IsNaN(m.X[left]) || double.IsNaN(m.X[right])) continue;
            double dx = m.X[left] - m.X[right], dy = m.Y[left] - m.Y[right];
            var length = Math.Sqrt(dx * dx + dy * dy);
            if (length == 0) return 0;
            var cosine = (dx * acrossX + dy * acrossY) / (length * across);
            if (cosine < -0.5) flips |= 1u << j;
            else if (cosine <= 0.5) return 0;
        }
        return flips;
    }

    /// <summary>Records how members p and q read: +1 the same side, -1 mirror images, 0 undecided.</summary>
    private static void Relate(Span<uint> same, Span<uint> mirrored, int p, int q, int relation)
    {
        if (relation > 0) { same[p] |= 1u << q; same[q] |= 1u << p; }
        else if (relation < 0) { mirrored[p] |= 1u << q; mirrored[q] |= 1u << p; }
    }

    /// <param name="same">Per member, the members it reads the same way as (bit per member).</param>
    /// <param name="mirrored">Per member, the members it reads as mirror images of.</param>
    /// <param name="initial">Members already flipped (during matching); "fewest flips" counts members that end up flipped from how they were drawn.</param>
    /// <param name="flips">Members to flip now (bit per member).</param>
    /// <param name="voters">Members with at least one decided comparison.</param>
    private static bool Orient(ReadOnlySpan<uint> same, ReadOnlySpan<uint> mirrored, uint initial, out uint flips, out int voters)
    {
        var n = same.Length;
        flips = 0;
        voters = 0;
        for (var a = 0; a < n; a++) if ((same[a] | mirrored[a]) != 0) voters++;
        // Nobody reads mirrored against anybody and nobody was flipped: nothing to do (the common case, kept cheap).
        if (initial == 0 && !mirrored.ContainsAnyExcept(0u)) return true;

        uint bestMask = 0;
        int best, bestFlips = 0, ties = 1;
        if (n <= 16)
        {
            // Gray-code walk over every orientation: each step flips one member, so the score changes by that member's pairs only.
            Span<int> decided = stackalloc int[n];
            for (var a = 0; a < n; a++) decided[a] = BitOperations.PopCount(same[a] | mirrored[a]);
            uint mask = 0;
            var score = Score(same, mirrored, 0);
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
            best = Score(same, mirrored, 0);
            for (var improved = true; improved;)
            {
                improved = false;
                for (var a = 0; a < n; a++)
                {
                    var candidate = bestMask ^ (1u << a);
                    var score = Score(same, mirrored, candidate);
                    if (score <= best) continue;
                    (best, bestMask, improved) = (score, candidate, true);
                }
            }
            bestFlips = BitOperations.PopCount(bestMask ^ initial);
        }
        flips = bestMask;
        // A strict majority decides. A narrow one is right most of the time; when the face says otherwise, the facing
        // check flags it (SidesWrongChance), so a split vote alone does not send an object to review.
        return ties == 1 && bestFlips * 2 < voters;
    }

    /// <summary>Decided pairs that an orientation (bit set: flipped) agrees with.</summary>
    private static int Score(ReadOnlySpan<uint> same, ReadOnlySpan<uint> mirrored, uint mask)
    {
        var score = 0;
        for (var a = 0; a < same.Length; a++)
        {
            var side = ((mask >> a) & 1) == 1 ? mask : ~mask;
            score += BitOperations.PopCount(same[a] & side) + BitOperations.PopCount(mirrored[a] & ~side);
        }
        return score / 2;
    }

    private const double MinNoise = 1e-4;

    /// <summary>Per worker, the variance of its clicks in units of the keypoint tolerance (s·2σ)², from all its skeletons in the object.</summary>
    private static double[] EstimateNoise(List<Cluster> clusters, Rig rig, int workerCount)
    {
        var k = rig.Count;
        // A worker has at most one skeleton per cluster, so each gets clusters × keypoints slots.
        var slots = clusters.Count * k;
        var residuals = new double[workerCount * slots];
        var counts = new int[workerCount];
        foreach (var c in clusters)
        {
            if (c.Members.Count < 2) continue;
            var area = Geometry.Area(c.X, c.Y);
            var (looX, looY) = c.LeaveOneOut();
            for (var j = 0; j < c.Members.Count; j++)
            {
                var m = c.Members[j];
                ReadOnlySpan<double> rx = looX.AsSpan(j * k, k), ry = looY.AsSpan(j * k, k);
                for (var i = 0; i < k; i++)
                    if (!double.IsNaN(m.X[i]) && !double.IsNaN(rx[i]))
                        residuals[m.Worker * slots + counts[m.Worker]++] = Geometry.NormalizedSquared(m.X[i] - rx[i], m.Y[i] - ry[i], rig.SigmaSpan[i], area);
            }
        }
        // The median of a 2-D Gaussian's squared radius is 2 ln 2 times the per-axis variance.
        // Floored so identical answers (zero residuals) keep finite weights.
        var raw = new double[workerCount];
        for (var w = 0; w < workerCount; w++)
            raw[w] = counts[w] == 0 ? 1.0 : Math.Max(MinNoise, Geometry.Median(residuals.AsSpan(w * slots, counts[w])) / (2 * Math.Log(2)));
        if (workerCount < 3) return raw;
        // Residuals are taken against the median of the other m workers, whose own noise adds (c/m²)·Σσ² to each raw
        // figure (c = 1 for a mean of up to two, about 1.4 for a median of more). Solving that linear system once
        // gives each worker's own variance.
        var others = workerCount - 1;
        var share = (others <= 2 ? 1.0 : 1.4) / (others * (double)others);
        var total = raw.Sum() / (1 + (workerCount - 1) * share);
        return raw.Select(v => Math.Max(Math.Max(v * 0.1, MinNoise), (v - share * total) / (1 - share))).ToArray();
    }

    private static ConsolidatedInstance Estimate(Cluster c, Rig rig, double[] noise, WorkerStats[] stats, double[] agreementSum, ConsolidationOptions options, SortedSet<string> reasons, SortedSet<string> notes)
    {
        var k = rig.Count;
        var n = c.Members.Count;
        var area = Geometry.Area(c.X, c.Y);
        double[] ex = new double[k], ey = new double[k];
        var (looX, looY) = c.LeaveOneOut();
        var outlier = new bool[n, k];
        var votes = c.Placed;
        for (var j = 0; j < n; j++)
        {
            var m = c.Members[j];
            ReadOnlySpan<double> rx = looX.AsSpan(j * k, k), ry = looY.AsSpan(j * k, k);
            double others = 0;
            foreach (var o in c.Members) if (o != m) others += noise[o.Worker];
            var refVariance = n > 1 ? others / (n - 1) / (n - 1) : 0;
            for (var i = 0; i < k; i++)
            {
                // An outlier needs two others to stand against.
                if (double.IsNaN(m.X[i]) || votes[i] < 3) continue;
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
        if (options.CheckFacing && rig.FacingLandmarks is { } facing)
        {
            if (SidesWrongChance(ex, ey, votes, n, c.MirroredMembers, facing, options.Facing) > options.SidesWrongThreshold) reasons.Add(ReviewReasons.SidesContradictFace);
        }
        var estimateArea = Geometry.Area(ex, ey);
        for (var i = 0; i < k; i++)
        {
            if (double.IsNaN(ex[i])) continue;
            // Variance of the weighted mean in tolerance units v gives an expected OKS of 1 / (1 + v) for a 2-D Gaussian error.
            double precision = 0, spread = 0;
            var used = 0;
            for (var j = 0; j < n; j++)
            {
                var m = c.Members[j];
                if (double.IsNaN(m.X[i]) || outlier[j, i]) continue;
                var w = 1 / noise[m.Worker];
                precision += w;
                spread += w * w * Geometry.NormalizedSquared(m.X[i] - ex[i], m.Y[i] - ey[i], rig.SigmaSpan[i], area) / 2;
                used++;
            }
            // The workers' known noise predicts a variance of 1 / precision; when their clicks here spread wider than
            // that (a blurry keypoint, a shared mistake the outlier test could not catch) the spread is the better guide.
            var variance = precision > 0 ? 1 / precision : double.PositiveInfinity;
            if (used > 1) variance = Math.Max(variance, spread / (precision * precision) * used / (used - 1));
            var expectedOks = precision > 0 ? 1 / (1 + variance) : 0;
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
        var box = Box(keypoints, p => p.X, p => p.Y);
        return new ConsolidatedInstance(MajorityName(c), keypoints, box, Math.Round(agreement, 3), Math.Round(expected, 3));
    }

    /// <summary>
    /// The chance that the consensus has left and right exchanged. Its shoulders (and hips, knees) read as a person seen
    /// from the front or from behind, "up" taken along the body so a lying or tilted person reads the same. Prior odds
    /// come from the mirror vote: a majority of k over m mirrored members is wrong with odds (ρ / (1 - ρ))^min(k - m, 3)
    /// for a worker's mirror rate ρ. The face weighs in: how many members placed the nose and each eye is likelier for
    /// a person facing the camera than for one facing away. A vote cannot catch a majority that labelled from its own
    /// side; this can, facing the camera or away. NaN when the landmarks do not tell (a profile, too few of them
    /// placed); 0 when a minority would have to outvote the majority.
    /// </summary>
    private static double SidesWrongChance(double[] x, double[] y, ReadOnlySpan<int> votes, int members, int mirrored, Rig.Facing f, FacingAssumptions a)
    {
        // A minority cannot outvote; the nose leads "up" only when most members placed it.
        if (members < 2 || mirrored * 2 > members) return 0;
        var sine = FacingSine(x, y, f, noseForUp: votes[f.Nose] * 2 > members);
        if (!(Math.Abs(sine) > 0.5)) return double.NaN;
        var front = sine > 0;
        // Workers who misread a task instruction mirror together, not independently: beyond a margin of three the vote
        // counts no more, so a whole crowd that labelled from its own side can still be caught by the face.
        var logOdds = Math.Min(3, members - 2 * mirrored) * Math.Log(a.MirrorRate / (1 - a.MirrorRate));
        foreach (var i in (ReadOnlySpan<int>)[f.Nose, f.LeftEye, f.RightEye])
        {
            double ifFront = a.PlacedIfFacing(votes[i], members), ifAway = a.PlacedIfAway(votes[i], members);
            logOdds += front ? Math.Log(ifAway / ifFront) : Math.Log(ifFront / ifAway);
        }
        return 1 / (1 + Math.Exp(-logOdds));
    }

    /// <summary>
    /// The sine of the angle from the body's "up" to its left-to-right direction: positive read from the front, negative
    /// from behind, near 0 in profile; NaN without the landmarks to tell.
    /// </summary>
    /// <param name="x">Keypoint x in rig order, NaN where not placed (pixels, top-left origin).</param>
    /// <param name="y">As <paramref name="x"/>.</param>
    /// <param name="f">The rig's facing landmarks.</param>
    /// <param name="noseForUp">Whether the nose may stand in for "up" when neither hips nor knees are placed.</param>
    internal static double FacingSine(double[] x, double[] y, Rig.Facing f, bool noseForUp)
    {
        // Occlusion hides single landmarks often: every complete left/right pair of the torso and knees adds to
        // "across", and "up" runs from whatever hips (else knees) to whatever shoulders the consensus has.
        double acrossX = 0, acrossY = 0;
        void Across(int left, int right)
        {
            if (left < 0 || right < 0 || double.IsNaN(x[left]) || double.IsNaN(x[right])) return;
            acrossX += x[left] - x[right];
            acrossY += y[left] - y[right];
        }
        Across(f.LeftShoulder, f.RightShoulder);
        Across(f.LeftHip, f.RightHip);
        Across(f.LeftKnee, f.RightKnee);
        if (!Mean(x, y, f.LeftShoulder, f.RightShoulder, out var topX, out var topY)) return double.NaN;
        double upX, upY;
        if (Mean(x, y, f.LeftHip, f.RightHip, out var lowX, out var lowY) || Mean(x, y, f.LeftKnee, f.RightKnee, out lowX, out lowY))
            (upX, upY) = (topX - lowX, topY - lowY);
        else if (noseForUp && !double.IsNaN(x[f.Nose]))
            (upX, upY) = (x[f.Nose] - topX, y[f.Nose] - topY);
        else
            return double.NaN;
        var lengths = Math.Sqrt((upX * upX + upY * upY) * (acrossX * acrossX + acrossY * acrossY));
        if (lengths == 0) return double.NaN;
        // In image coordinates (y down) "across" turns clockwise from "up" when the person faces the camera.
        return (upX * acrossY - upY * acrossX) / lengths;
    }

    /// <summary>The mean of whichever of two keypoints are placed (an index may be -1); false when neither is.</summary>
    private static bool Mean(double[] x, double[] y, int a, int b, out double mx, out double my)
    {
        mx = my = 0;
        var n = 0;
        foreach (var i in (ReadOnlySpan<int>)[a, b])
        {
            if (i < 0 || double.IsNaN(x[i])) continue;
            mx += x[i]; my += y[i]; n++;
        }
        if (n == 0) return false;
        mx /= n; my /= n;
        return true;
    }

    /// <summary>The name most members gave the skeleton; among equals the ordinally first.</summary>
    private static string MajorityName(Cluster c)
    {
        string best = c.Members[0].Name;
        var bestCount = 0;
        foreach (var m in c.Members)
        {
            var count = 0;
            foreach (var o in c.Members) if (string.Equals(o.Name, m.Name, StringComparison.Ordinal)) count++;
            if (count > bestCount || (count == bestCount && string.CompareOrdinal(m.Name, best) < 0)) (best, bestCount) = (m.Name, count);
        }
        return best;
    }

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

    internal static BoundingBox? Box(IReadOnlyList<Keypoint> points) => Box(points, p => p.X, p => p.Y);

    private static BoundingBox? Box<T>(IReadOnlyList<T> points, Func<T, double> x, Func<T, double> y)
    {
        if (points.Count == 0) return null;
        double l = double.MaxValue, t = double.MaxValue, r = double.MinValue, b = double.MinValue;
        foreach (var p in points)
        {
            l = Math.Min(l, x(p)); r = Math.Max(r, x(p));
            t = Math.Min(t, y(p)); b = Math.Max(b, y(p));
        }
        return new BoundingBox(Math.Round(l, 1), Math.Round(t, 1), Math.Round(r - l, 1), Math.Round(b - t, 1));
    }
}
