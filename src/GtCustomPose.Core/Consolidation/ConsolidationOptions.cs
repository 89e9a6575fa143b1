namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// Tuning of <see cref="Consolidator"/>. The defaults were chosen with the simulator benchmark
/// (docs/label-quality.md).
/// </summary>
public sealed record ConsolidationOptions
{
    /// <summary>The default options.</summary>
    public static ConsolidationOptions Default { get; } = new();

    /// <summary>
    /// An instance whose agreement (mean OKS of its workers to the consensus) is below this needs review. 0 to 1;
    /// default 0.6.
    /// </summary>
    public double LowAgreementThreshold { get; init; } = ConsolidationConstants.LowAgreementThreshold;

    /// <summary>An instance whose expected OKS to the truth is below this needs review. 0 to 1; default 0.74.</summary>
    public double LowConfidenceThreshold { get; init; } = ConsolidationConstants.LowConfidenceThreshold;

    /// <summary>
    /// An object whose instances' mean expected OKS is below this needs review: the measure a reviewer of the whole
    /// image meets, so a threshold above <see cref="LowConfidenceThreshold"/> catches several middling skeletons. 0 to
    /// 1; default 0.85.
    /// </summary>
    public double LowMeanConfidenceThreshold { get; init; } = ConsolidationConstants.LowMeanConfidenceThreshold;

    /// <summary>
    /// A skeleton is mirrored when its mirror image's OKS to the others' consensus beats its own by this much (OKS, 0
    /// to 1). Default 0.1.
    /// </summary>
    public double SwapMargin { get; init; } = ConsolidationConstants.SwapMargin;

    /// <summary>
    /// Flag a skeleton whose left and right are likely exchanged (<see cref="ReviewReasons.SidesContradictFace"/>): the
    /// mirror vote, the face and the workers' declared facing together give a chance above
    /// <see cref="SidesWrongThreshold"/>. Only for rigs with COCO's nose, eye and shoulder labels. Default true.
    /// </summary>
    public bool CheckFacing { get; init; } = true;

    /// <summary>
    /// Chance (0 to 1) that a skeleton's consensus has left and right exchanged above which it needs review. Default
    /// 0.03.
    /// </summary>
    public double SidesWrongThreshold { get; init; } = ConsolidationConstants.SidesWrongThreshold;

    /// <summary>
    /// What the facing check assumes of workers and faces; see <see cref="FacingAssumptions"/>. PostAnnotation refines
    /// the defaults from each batch (<see cref="Consolidator.EstimateBatch"/>); other values are kept as given.
    /// </summary>
    public FacingAssumptions Facing { get; init; } = FacingAssumptions.Default;

    /// <summary>
    /// Skeletons of two workers are the same instance only above this mirror-invariant OKS (0 to 1). Default 0.1.
    /// </summary>
    public double MatchThreshold { get; init; } = ConsolidationConstants.MatchThreshold;

    /// <summary>
    /// Each worker's click variance per axis, in units of a keypoint's OKS tolerance, known from the rest of the batch
    /// (<see cref="Consolidator.EstimateWorkerNoise"/>); used instead of the estimate from one object's answers.
    /// Default none.
    /// </summary>
    public IReadOnlyDictionary<string, double>? WorkerNoise { get; init; }

    /// <summary>
    /// How unreliable each worker is over the job, 0 (always with the consensus) to 1, from
    /// the job's answers; it raises <see cref="ConsolidatedLabel.PWrong"/> of the labels they
    /// answered. Default none.
    /// </summary>
    public IReadOnlyDictionary<string, double>? WorkerDoubt { get; init; }

    /// <summary>
    /// Each worker's mirror, miss and extra-skeleton rates over the job (<see cref="BatchEstimates.WorkerRates"/>):
    /// side repair weighs each worker's reading of left and right by its mirror rate, so a careful worker can outvote
    /// two careless ones, and a person fewer than half the workers drew is kept when the rates make it likelier real
    /// than not (the workers who missed it miss often, the ones who drew it seldom draw a person nobody else does).
    /// Default none: one vote each, and such a person is left out.
    /// </summary>
    public IReadOnlyDictionary<string, WorkerRates>? WorkerRates { get; init; }

    /// <summary>
    /// When set, the verdict is <see cref="ConsolidatedLabel.PWrong"/> above this (0 to 1): a label needs review when
    /// its chance of a material change is higher, or when an answer was unreadable, invalid in part, duplicated or
    /// alone; the other review reasons stay as explanations. Default none: every review reason sets the verdict
    /// (docs/label-quality.md compares the two).
    /// </summary>
    public double? MaxPWrong { get; init; }

    /// <summary>
    /// An audit job (a level-2 job chained to a labeling job, often one auditor per object): a single answer is not a
    /// review reason (<see cref="ReviewReasons.SingleWorker"/>); several auditors are consolidated as usual. Setting
    /// <c>GTPOSE_AUDIT_MODE</c>. Default false.
    /// </summary>
    public bool AuditMode { get; init; }
}
