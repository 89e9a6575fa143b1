namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// The consolidation's tuning numbers, each with where it comes from. What a deployment may change is in
/// <see cref="ConsolidationOptions"/> and <see cref="FacingAssumptions"/>, whose defaults are the first values here.
/// How well the chosen values do on the simulator is in docs/label-quality.md, not here.
/// </summary>
internal static class ConsolidationConstants
{
    // Defaults of ConsolidationOptions: chosen with the simulator's threshold sweeps (docs/label-quality.md).
    public const double LowAgreementThreshold = 0.6;
    public const double LowConfidenceThreshold = 0.74;
    public const double LowMeanConfidenceThreshold = 0.85;
    public const double SidesWrongThreshold = 0.03;
    /// <summary>
    /// An OKS gain of 0.1 is several times the jitter between two careful workers' readings of one person.
    /// </summary>
    public const double SwapMargin = 0.1;
    /// <summary>Below this mirror-invariant OKS two skeletons share too few close points to be one person.</summary>
    public const double MatchThreshold = 0.1;

    // Defaults of FacingAssumptions: the rates of the repository's simulator (SimulationSettings).
    public const double MirrorRate = 0.06;
    public const double FaceHidden = 0.1;
    public const double VisiblePlaced = 0.95;
    public const double HiddenPlaced = 0.3;
    /// <summary>
    /// Assumed (the simulator declares no facing): a person facing the camera or away is rarely mistaken; batches
    /// with enough declarations measure their own.
    /// </summary>
    public const double DeclaredFacingRight = 0.95;

    /// <summary>Floor of a worker's variance (tolerance units), so identical answers keep finite weights.</summary>
    public const double MinNoise = 1e-4;

    /// <summary>The median of a 2-D Gaussian's squared radius in per-axis variances (2 ln 2).</summary>
    public static readonly double MedianSquaredRadius = 2 * Math.Log(2);

    /// <summary>
    /// Variance of a median of three or more Gaussian values over that of their mean: π/2 for many values, about 1.4
    /// for the three to eight others an object has. A mean of up to two values has 1.
    /// </summary>
    public const double MedianVarianceFactor = 1.4;

    /// <summary>
    /// A worker's corrected variance keeps this share of its raw figure: the correction subtracts an estimate.
    /// </summary>
    public const double MinCorrectedShare = 0.1;

    /// <summary>
    /// 99.9% point of a 2-D Gaussian's squared radius in per-axis variances (-2 ln 0.001): an outlier click.
    /// </summary>
    public const double OutlierRadiusSquared = 13.8;

    /// <summary>
    /// Below this squared radius (tolerance units) a click still scores OKS above 0.13 and is never an outlier.
    /// </summary>
    public const double OutlierMinRadiusSquared = 4;

    /// <summary>
    /// An outlier needs two others to stand against: a keypoint placed by fewer is never tested against the centre
    /// (two clicks: <see cref="TwoClickNoiseRatio"/>).
    /// </summary>
    public const int OutlierMinVotes = 3;

    /// <summary>
    /// Of two clicks on a keypoint too far apart to agree, the one of a worker whose noise variance is more than this
    /// many times the other's is left out. Twice: a clear difference in skill, not two like workers' estimates.
    /// </summary>
    public const double TwoClickNoiseRatio = 2;

    /// <summary>
    /// Of two clicks on a keypoint too far apart to agree, the one of a worker whose odds of an outlier click (over
    /// the job) are more than this many times the other's is left out, before <see cref="TwoClickNoiseRatio"/>.
    /// </summary>
    public const double TwoClickOutlierOdds = 1.1;

    /// <summary>
    /// A pair's two readings decide only when one is four times closer (squared; half the distance) and the other is
    /// over 1.5 tolerance units away: a pair drawn close together (a profile view) stays undecided.
    /// </summary>
    public const double PairSwapRatio = 4;

    /// <inheritdoc cref="PairSwapRatio"/>
    public const double PairSwapMinDistance = 1.5;

    /// <summary>A pair points with or against the body's left-to-right only within 60 degrees (cosine 0.5).</summary>
    public const double BodySideCosine = 0.5;

    /// <summary>The sides read as a front or a back view only beyond 30 degrees from a profile (sine 0.5).</summary>
    public const double FacingMinSine = 0.5;

    /// <summary>
    /// A mirror vote the face is to settle (one otherwise left to the workers' flip costs) takes its sides from 17
    /// degrees beyond a profile (sine 0.3).
    /// </summary>
    public const double SettleMinSine = 0.3;

    /// <summary>
    /// Mirror votes beyond this margin count no more: workers who misread an instruction mirror together, so a whole
    /// crowd that labelled from its own side can still be caught by the face.
    /// </summary>
    public const int MirrorVoteMaxMargin = 3;

    /// <summary>An even mirror vote is turned when the face makes the other reading likelier than not.</summary>
    public const double SettleByFaceChance = 0.5;

    /// <summary>
    /// A worker's mirror rate is taken at least this high when weighing its vote: no worker is so careful that its
    /// one skeleton outweighs any number of others.
    /// </summary>
    public const double MinMirrorRate = 0.02;

    /// <summary>A batch refines a facing rate only where about this many skeletons speak to it.</summary>
    public const int FacingMinSkeletons = 30;

    /// <summary>A rate a batch measured as 0 or 1 is kept this far inside, where every vote stays possible.</summary>
    public const double RateFloor = 0.01;

    /// <inheritdoc cref="RateFloor"/>
    public const double RateCeiling = 0.99;

    /// <summary>
    /// The least extra-skeleton rate a person's vote uses: a crowd that draws no skeletons of no one measures about
    /// 0, and one in ten thousand skeletons then lets one careful drawer outvote two who missed the person.
    /// </summary>
    public const double ExtraRateFloor = 0.0001;

    /// <summary>
    /// Log-odds (2.2, 9 to 1) beyond which the person vote leaves a lone skeleton out clearly enough that p_wrong no
    /// longer counts the object's number of people as disputed.
    /// </summary>
    public const double ClearlyNoOneLogOdds = 2.2;

    /// <summary>Expectation-maximisation steps of the face-point mixture; it settles in far fewer.</summary>
    public const int FacingMixtureIterations = 50;

    /// <summary>
    /// Per-object noise figures a <see cref="BatchEstimator"/> keeps per worker for an exact median; past this it keeps
    /// a histogram (bins 0.5% wide), so memory stays flat however many objects a job holds.
    /// </summary>
    public const int ExactMedianValues = 4096;

    /// <summary>Relative width of a histogram bin past <see cref="ExactMedianValues"/>.</summary>
    public const double MedianBinWidth = 0.005;
}
