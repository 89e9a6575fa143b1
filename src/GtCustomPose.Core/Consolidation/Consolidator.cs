using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// Multi-worker keypoint consolidation for one data object. Pure and deterministic: the result depends neither on the
/// order of the answers nor on the order of skeletons within an answer. The stages, each in its own file and each
/// returning a record:
/// <list type="number">
/// <item>Matching (<see cref="SkeletonMatching"/>): skeletons grouped across workers into clusters.</item>
/// <item>Side repair (<see cref="SideRepair"/>): members mirrored or pair-swapped to one reading of left and
/// right.</item>
/// <item>Noise (<see cref="NoiseEstimation"/>): each worker's click variance, from this object or the batch
/// (<see cref="ConsolidationOptions.WorkerNoise"/>).</item>
/// <item>Estimate (<see cref="InstanceEstimation"/>): per cluster the skeleton, its agreement and each member's
/// OKS.</item>
/// <item>Verdict (<see cref="ReviewVerdict"/>): the review reasons and notes, decided in one place.</item>
/// </list>
/// </summary>
internal static class Consolidator
{
    /// <summary>The method id written to <see cref="ConsolidationInfo.Method"/>.</summary>
    public const string Method = "gtpose-robust-v1";

    /// <summary>
    /// Consolidates every answer for one data object; null when none is usable (Ground Truth then marks the object
    /// failed).
    /// </summary>
    /// <param name="answers">All answers for the object, usable or not.</param>
    /// <param name="rig">The rig the answers use.</param>
    /// <param name="imageSize">Image size in pixels when known from outside the answers.</param>
    /// <param name="options">Thresholds; <see cref="ConsolidationOptions.Default"/> when null.</param>
    public static ConsolidatedLabel? Consolidate(IReadOnlyList<WorkerAnswer> answers, Rig rig,
        ImageSize? imageSize = null, ConsolidationOptions? options = null) =>
        Consolidate(answers, rig, imageSize, options, null);

    /// <summary>
    /// As the public overload, reusing stages 1 to 3 that the batch estimate already ran on the same answers
    /// (<see cref="BatchEstimator.AddPrepared"/>) where they hold for <paramref name="options"/>; the label is the
    /// same either way.
    /// </summary>
    internal static ConsolidatedLabel? Consolidate(IReadOnlyList<WorkerAnswer> answers, Rig rig,
        ImageSize? imageSize, ConsolidationOptions? options, PreparedObject? prepared) =>
        Explained(answers, rig, imageSize, options, prepared).Label;

    /// <summary>As <see cref="Consolidate(IReadOnlyList{WorkerAnswer}, Rig, ImageSize?, ConsolidationOptions?)"/>,
    /// with the features its <see cref="ConsolidatedLabel.PWrong"/> was estimated from (for calibrating
    /// <see cref="WrongChance"/>).</summary>
    internal static (ConsolidatedLabel? Label, DoubtFeatures Doubt) Explained(IReadOnlyList<WorkerAnswer> answers,
        Rig rig, ImageSize? imageSize, ConsolidationOptions? options, PreparedObject? prepared)
    {
        options ??= ConsolidationOptions.Default;
        var ordered = Order(answers);
        // Where each usable answer stands among all of them: the stages see only the usable ones.
        var positions = Enumerable.Range(0, ordered.Count).Where(i => ordered[i].IsUsable).ToArray();
        if (positions.Length == 0) return (null, default);
        var usable = positions.Select(i => ordered[i]).ToList();
        imageSize ??= usable.Select(a => a.ImageSize).FirstOrDefault(s => s is not null);
        var facts = AnswerFacts.Of(ordered);
        var (instances, verdict, fits, doubt) = usable.Count == 1
            ? OneWorker(usable[0], facts, options)
            : Many(usable, rig, facts, options, prepared);

        var fitAt = new WorkerFit?[ordered.Count];
        for (var w = 0; w < fits.Count; w++) fitAt[positions[w]] = fits[w];
        var workers = ordered.Select((a, i) => Summary(a, fitAt[i])).ToList();
        var method = usable.Count == 1 ? "single-worker" : Method;
        // An auditor's own answer is what an audit would give: nothing left to change.
        var pWrong = usable.Count == 1 && options.AuditMode ? 0 : WrongChance.Estimate(doubt);
        var label = new ConsolidatedLabel(imageSize, instances, NeedsReview(verdict, pWrong, options), verdict.Reasons,
            workers, new ConsolidationInfo(method, answers.Count, rig.Name), verdict.Notes, pWrong);
        return (label, doubt);
    }

    /// <summary>The verdict: any review reason, or with <see cref="ConsolidationOptions.MaxPWrong"/> the chance of a
    /// material change above it and the reasons about the answers themselves.</summary>
    private static bool NeedsReview(ReviewVerdict verdict, double pWrong, ConsolidationOptions options) =>
        options.MaxPWrong is { } max
            ? pWrong > max || verdict.Reasons.Any(r => r is ReviewReasons.UnreadableAnswer
                or ReviewReasons.InvalidPoints or ReviewReasons.DuplicateWorker or ReviewReasons.SingleWorker)
            : verdict.Reasons.Count > 0;

    /// <summary>
    /// Each worker's click variance across many objects: the median of the per-object estimates of every worker seen in
    /// at least <paramref name="minObjects"/> objects with other workers. One object's three answers say little about
    /// who is careful; a batch says a lot.
    /// </summary>
    public static Dictionary<string, double> EstimateWorkerNoise(IEnumerable<IReadOnlyList<WorkerAnswer>> objects,
        Rig rig, int minObjects = 5, ConsolidationOptions? options = null) =>
        EstimateBatch(objects, rig, minObjects, options).WorkerNoise;

    /// <summary>
    /// What a batch tells that one object's answers cannot: each worker's click variance (as
    /// <see cref="EstimateWorkerNoise"/>) and how this crowd treats faces and sides (<see cref="FacingAssumptions"/>,
    /// from the skeletons the workers agree on; <paramref name="options"/>' own assumptions where the batch holds too
    /// few of them). One pass of a <see cref="BatchEstimator"/>.
    /// </summary>
    public static BatchEstimates EstimateBatch(IEnumerable<IReadOnlyList<WorkerAnswer>> objects, Rig rig,
        int minObjects = 5, ConsolidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var estimator = new BatchEstimator(rig, options, minObjects);
        foreach (var answers in objects) estimator.Add(answers);
        return estimator.Build();
    }

    /// <inheritdoc cref="FacingCheck.FacingSine"/>
    internal static double FacingSine(double[] x, double[] y, Rig.Facing f, bool noseForUp) =>
        FacingCheck.FacingSine(x, y, f, noseForUp);

    /// <summary>An object's usable answers in canonical order.</summary>
    internal static List<WorkerAnswer> Usable(IReadOnlyList<WorkerAnswer> answers) =>
        Order(answers).Where(a => a.IsUsable).ToList();

    /// <summary>
    /// Stages 1 to 3 on an object's usable answers: matched, repaired, each worker's own noise measured.
    /// </summary>
    internal static (RepairedSides Sides, WorkerNoise Noise) Prepare(IReadOnlyList<WorkerAnswer> usable, Rig rig,
        ConsolidationOptions options)
    {
        var ids = options.WorkerRates is null ? null : usable.Select(a => a.WorkerId).ToArray();
        var sides = SideRepair.Repair(SkeletonMatching.Match(usable, rig, options), rig, options, ids);
        return (sides, NoiseEstimation.FromAnswers(sides.Clusters, rig, usable.Count));
    }

    /// <summary>What consolidation learned about one usable worker's answer.</summary>
    private readonly record struct WorkerFit(double? Agreement, bool Swapped, int Outliers);

    private static (IReadOnlyList<ConsolidatedInstance>, ReviewVerdict, IReadOnlyList<WorkerFit>, DoubtFeatures)
        OneWorker(WorkerAnswer answer, AnswerFacts facts, ConsolidationOptions options)
    {
        // As drawn, only listed in the same left-to-right order as consolidated skeletons.
        var instances = answer.Instances
            .Select(i => new ConsolidatedInstance(i.Name,
                i.Keypoints.Select(k => new ConsolidatedKeypoint(k.Label, k.X, k.Y, null, 1, k.Visible)).ToArray(),
                Geometry.Box(i.Keypoints), null, Facing: Declared(i.Facing)))
            .OrderBy(i => i.Bbox?.Left ?? 0).ThenBy(i => i.Bbox?.Top ?? 0).ThenBy(i => i.Name, StringComparer.Ordinal)
            .ToList();
        var doubt = new DoubtFeatures(1, 1, 1, 1, 0, false, false, false, false, 0, instances.Count);
        return (instances, ReviewVerdict.OfOneWorker(facts, instances.Count, options), [], doubt);
    }

    private static string? Declared(Facing facing) => DeclaredFacing.Of(facing).Majority;

    private static (IReadOnlyList<ConsolidatedInstance>, ReviewVerdict, IReadOnlyList<WorkerFit>, DoubtFeatures)
        Many(List<WorkerAnswer> usable, Rig rig, AnswerFacts facts, ConsolidationOptions options,
            PreparedObject? prepared)
    {
        var (sides, own) = prepared is not null && prepared.Holds(rig, usable.Count, options)
            ? (prepared.Sides, prepared.Noise)
            : Prepare(usable, rig, options);
        var noise = options.WorkerNoise is { } known ? NoiseEstimation.WithKnown(own, usable, known) : own;
        var estimates = new List<InstanceEstimate>(sides.Clusters.Count);
        var clusters = sides.Clusters;
        var outlierRates = OutlierRates(usable, options.WorkerRates);
        var countClear = true;
        for (var c = 0; c < clusters.Count; c++)
        {
            // A skeleton that fewer than half the workers drew is not part of the label unless the workers' rates make
            // it a person the others missed (the verdict says why either way).
            if (ReviewVerdict.Support(clusters[c].Members.Count, usable.Count) == ClusterSupport.TooFew)
            {
                var real = PersonSupport.RealLogOdds(c, clusters, usable, options.WorkerRates, rig, options);
                // Only a skeleton of no one the vote clearly leaves out settles the count; one it keeps is still one
                // worker's skeleton, off often enough that p_wrong should rank it (docs/label-quality.md).
                countClear &= real < -ConsolidationConstants.ClearlyNoOneLogOdds && !double.IsInfinity(real);
                if (!(real > 0)) continue;
            }
            estimates.Add(InstanceEstimation.Estimate(c, clusters[c], rig, noise, options, outlierRates));
        }
        var fits = Fits(sides, estimates);
        var labelled = InLabelOrder(estimates);
        var verdict = ReviewVerdict.OfMany(facts, sides, labelled, options);
        var instances = labelled
            .Select((e, i) => e.Instance with { ReviewReasons = verdict.InstanceReasons[i] })
            .ToList();
        return (instances, verdict, fits, Doubt(usable, sides, labelled, options, countClear));
    }

    /// <summary>Per usable worker, its outlier rate over the job; null when the job measured none.</summary>
    private static double[]? OutlierRates(List<WorkerAnswer> usable, IReadOnlyDictionary<string, WorkerRates>? rates)
    {
        if (rates is not { Count: > 0 }) return null;
        var crowd = CrowdRates.Of(rates);
        if (crowd.Outlier == 0) return null;
        var result = new double[usable.Count];
        for (var w = 0; w < result.Length; w++)
            result[w] = rates.TryGetValue(usable[w].WorkerId, out var own) ? own.Outlier : crowd.Outlier;
        return result;
    }

    /// <summary>What the stages say about how likely the label is wrong (<see cref="WrongChance"/>).</summary>
    private static DoubtFeatures Doubt(List<WorkerAnswer> usable, RepairedSides sides,
        List<InstanceEstimate> labelled, ConsolidationOptions options, bool countClear)
    {
        bool disputed = false, missed = false, swapDisputed = false;
        for (var c = 0; c < sides.Clusters.Count; c++)
        {
            var support = ReviewVerdict.Support(sides.Clusters[c].Members.Count, sides.Workers);
            disputed |= support == ClusterSupport.Half || support == ClusterSupport.TooFew && !countClear;
            missed |= support == ClusterSupport.Majority;
            swapDisputed |= sides.Disputed[c];
        }
        double leastConfidence = 1, meanConfidence = 0, leastAgreement = 1, sidesWrong = 0;
        var outliers = 0;
        foreach (var e in labelled)
        {
            leastConfidence = Math.Min(leastConfidence, e.ExpectedOks);
            meanConfidence += e.ExpectedOks;
            leastAgreement = Math.Min(leastAgreement, e.Agreement);
            if (!double.IsNaN(e.SidesWrongChance)) sidesWrong = Math.Max(sidesWrong, e.SidesWrongChance);
            foreach (var m in e.Members) outliers += m.Outliers;
        }
        meanConfidence = labelled.Count == 0 ? 1 : meanConfidence / labelled.Count;
        return new DoubtFeatures(usable.Count, leastConfidence, meanConfidence, leastAgreement, sidesWrong, disputed,
            missed, sides.SwappedWorkers().Contains(true), swapDisputed, outliers, labelled.Count,
            CrowdDoubt(usable, options));
    }

    /// <summary>The mean job-level doubt of the object's workers (<see cref="ConsolidationOptions.WorkerDoubt"/>);
    /// 0 when none is known.</summary>
    private static double CrowdDoubt(List<WorkerAnswer> usable, ConsolidationOptions options)
    {
        if (options.WorkerDoubt is not { Count: > 0 } known) return 0;
        double sum = 0;
        foreach (var a in usable) sum += known.GetValueOrDefault(a.WorkerId);
        return sum / usable.Count;
    }

    /// <summary>
    /// Per usable answer: its mean OKS over the label's skeletons (0 for one it missed), swaps, outliers.
    /// </summary>
    private static WorkerFit[] Fits(RepairedSides sides, List<InstanceEstimate> estimates)
    {
        var swapped = sides.SwappedWorkers();
        var agreementSum = new double[sides.Workers];
        var outliers = new int[sides.Workers];
        // Summed in cluster order, one term per skeleton.
        foreach (var e in estimates)
            foreach (var m in e.Members)
            {
                agreementSum[m.Worker] += m.Oks;
                outliers[m.Worker] += m.Outliers;
            }
        var fits = new WorkerFit[sides.Workers];
        for (var w = 0; w < fits.Length; w++)
        {
            double? agreement = estimates.Count == 0 ? null : Math.Round(agreementSum[w] / estimates.Count, 3);
            fits[w] = new WorkerFit(agreement, swapped[w], outliers[w]);
        }
        return fits;
    }

    private static WorkerSummary Summary(WorkerAnswer a, WorkerFit? fit) =>
        new(a.WorkerId, fit?.Agreement, fit?.Swapped ?? false, a.NoChangesNeeded, a.WasModified, a.TotalTimeInSeconds,
            fit is { Outliers: > 0 } f ? f.Outliers : null, a.Problems.Count > 0 ? a.Problems : null);

    /// <summary>
    /// Unique names (larger clusters keep their majority name first; a clash gets the next free skeleton_N), then left
    /// to right, top to bottom.
    /// </summary>
    private static List<InstanceEstimate> InLabelOrder(List<InstanceEstimate> estimates)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var named = new List<InstanceEstimate>(estimates.Count);
        foreach (var e in estimates.OrderByDescending(e => e.Members.Count)
                     .ThenBy(e => e.Instance.Bbox?.Left ?? 0).ThenBy(e => e.Instance.Bbox?.Top ?? 0))
        {
            var name = e.Instance.Name;
            for (var i = 1; !used.Add(name); i++) name = $"skeleton_{i}";
            named.Add(e with { Instance = e.Instance with { Name = name } });
        }
        return named.OrderBy(e => e.Instance.Bbox?.Left ?? 0).ThenBy(e => e.Instance.Bbox?.Top ?? 0)
            .ThenBy(e => e.Instance.Name, StringComparer.Ordinal).ToList();
    }

    private static List<WorkerAnswer> Order(IReadOnlyList<WorkerAnswer> answers)
    {
        var ordered = answers.OrderBy(a => a.WorkerId, StringComparer.Ordinal).ToList();
        // Only a duplicated worker id leaves the order open; a content key settles it.
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].WorkerId != ordered[i - 1].WorkerId) continue;
            return ordered.OrderBy(a => a.WorkerId, StringComparer.Ordinal).ThenBy(ContentKey, StringComparer.Ordinal)
                .ToList();
        }
        return ordered;
    }

    private static string ContentKey(WorkerAnswer a) => string.Join("|", a.Instances
        .Select(i => string.Join(",", i.Keypoints.OrderBy(k => k.Label, StringComparer.Ordinal)
            .Select(k => FormattableString.Invariant($"{k.Label}:{k.X}:{k.Y}"))))
        .Order(StringComparer.Ordinal)) + a.Format + string.Join("|", a.Problems);
}
