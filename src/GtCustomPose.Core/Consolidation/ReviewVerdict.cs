namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// The review verdict, decided here and nowhere else from what the stages returned: the label's reasons (each sets
/// <see cref="ConsolidatedLabel.NeedsReview"/>), its notes, and per skeleton the reasons that concern it.
/// </summary>
/// <param name="Reasons">The label's review reasons, ordinal order.</param>
/// <param name="Notes">What a clear majority settled; null when nothing.</param>
/// <param name="InstanceReasons">Per skeleton in label order, the reasons about it (ordinal order); null when
/// none.</param>
internal sealed record ReviewVerdict(
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string>? Notes,
    IReadOnlyList<IReadOnlyList<string>?> InstanceReasons)
{
    /// <summary>How many workers drew a cluster's person, of the object's usable answers.</summary>
    public static ClusterSupport Support(int members, int workers) =>
        members * 2 < workers ? ClusterSupport.TooFew
        : members * 2 == workers ? ClusterSupport.Half
        : members < workers ? ClusterSupport.Majority
        : ClusterSupport.All;

    /// <summary>One usable answer: nothing to compare it with.</summary>
    public static ReviewVerdict OfOneWorker(AnswerFacts facts, int instances, ConsolidationOptions options)
    {
        var reasons = ObjectReasons(facts);
        // In an audit job one auditor is the norm, not a doubt.
        if (!options.AuditMode) reasons.Add(ReviewReasons.SingleWorker);
        return new ReviewVerdict(reasons.ToArray(), null, new IReadOnlyList<string>?[instances]);
    }

    /// <summary>Several usable answers, compared.</summary>
    /// <param name="facts">What the answers said.</param>
    /// <param name="sides">Every cluster, repaired.</param>
    /// <param name="instances">The estimated skeletons in label order.</param>
    /// <param name="options">The thresholds.</param>
    public static ReviewVerdict OfMany(AnswerFacts facts, RepairedSides sides,
        IReadOnlyList<InstanceEstimate> instances, ConsolidationOptions options)
    {
        var reasons = ObjectReasons(facts);
        var notes = new SortedSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < sides.Clusters.Count; c++)
        {
            // A disputed side or a disputed count of people on a skeleton left out of the label still sends it to
            // review.
            if (sides.Disputed[c]) reasons.Add(ReviewReasons.SwapDisputed);
            var support = Support(sides.Clusters[c].Members.Count, sides.Workers);
            if (support is ClusterSupport.TooFew or ClusterSupport.Half)
                reasons.Add(ReviewReasons.DisputedInstanceCount);
            else if (support == ClusterSupport.Majority) notes.Add(ReviewReasons.SkeletonMissedBySome);
        }
        if (sides.SwappedWorkers().Contains(true)) notes.Add(ReviewReasons.SwapCorrected);

        var perInstance = new IReadOnlyList<string>?[instances.Count];
        for (var i = 0; i < instances.Count; i++)
        {
            var e = instances[i];
            if (e.FewVotes) notes.Add(ReviewReasons.FewVotes);
            foreach (var m in e.Members) if (m.Outliers > 0) notes.Add(ReviewReasons.OutliersExcluded);
            var own = ReasonsAbout(e, sides, options);
            // Summed in the label's own order: a mean on the threshold must not depend on the order skeletons were
            // drawn in. With one skeleton the mean is that skeleton's.
            if (instances.Count == 1 && MeanConfidenceLow(instances, options)) own.Add(ReviewReasons.LowConfidence);
            reasons.UnionWith(own);
            perInstance[i] = own.Count > 0 ? own.ToArray() : null;
        }
        if (MeanConfidenceLow(instances, options)) reasons.Add(ReviewReasons.LowConfidence);
        return new ReviewVerdict(reasons.ToArray(), notes.Count > 0 ? notes.ToArray() : null, perInstance);
    }

    /// <summary>The reasons that concern one skeleton.</summary>
    private static SortedSet<string> ReasonsAbout(InstanceEstimate e, RepairedSides sides, ConsolidationOptions options)
    {
        var own = new SortedSet<string>(StringComparer.Ordinal);
        if (e.Agreement < options.LowAgreementThreshold) own.Add(ReviewReasons.LowAgreement);
        if (e.ExpectedOks < options.LowConfidenceThreshold) own.Add(ReviewReasons.LowConfidence);
        // NaN (the check cannot tell, or is off) is never above the threshold.
        if (e.SidesWrongChance > options.SidesWrongThreshold) own.Add(ReviewReasons.SidesContradictFace);
        if (sides.Disputed[e.Cluster]) own.Add(ReviewReasons.SwapDisputed);
        if (Support(sides.Clusters[e.Cluster].Members.Count, sides.Workers) == ClusterSupport.Half)
            own.Add(ReviewReasons.DisputedInstanceCount);
        return own;
    }

    private static bool MeanConfidenceLow(IReadOnlyList<InstanceEstimate> instances, ConsolidationOptions options) =>
        instances.Count > 0 && instances.Average(e => e.Instance.Confidence ?? 0) < options.LowMeanConfidenceThreshold;

    private static SortedSet<string> ObjectReasons(AnswerFacts facts)
    {
        var reasons = new SortedSet<string>(StringComparer.Ordinal);
        if (facts.AnyUnreadable) reasons.Add(ReviewReasons.UnreadableAnswer);
        if (facts.AnyInvalidPoints) reasons.Add(ReviewReasons.InvalidPoints);
        if (facts.DuplicateWorker) reasons.Add(ReviewReasons.DuplicateWorker);
        return reasons;
    }
}
