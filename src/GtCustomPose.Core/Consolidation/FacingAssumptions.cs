namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// What the facing check (<see cref="ConsolidationOptions.CheckFacing"/>) assumes of a crowd. A person facing the
/// camera shows the nose and each eye unless hidden (by hair, a hand, a turn of the head); a person facing away shows
/// none, yet some workers guess where they would be. The defaults are the rates of the repository's simulator; set a
/// crowd's own when they are known. Every rate is a probability strictly between 0 and 1.
/// </summary>
public sealed record FacingAssumptions
{
    /// <summary>The defaults.</summary>
    public static FacingAssumptions Default { get; } = new();

    private readonly double _mirrorRate = ConsolidationConstants.MirrorRate,
        _faceHidden = ConsolidationConstants.FaceHidden,
        _visiblePlaced = ConsolidationConstants.VisiblePlaced, _hiddenPlaced = ConsolidationConstants.HiddenPlaced,
        _declaredFacingRight = ConsolidationConstants.DeclaredFacingRight;

    /// <summary>
    /// Chance a worker draws a whole skeleton mirrored (left and right from their own side). Default 0.06.
    /// </summary>
    public double MirrorRate { get => _mirrorRate; init => _mirrorRate = Rate(value, nameof(MirrorRate)); }

    /// <summary>Chance a nose or eye of a person facing the camera is hidden. Default 0.1.</summary>
    public double FaceHidden { get => _faceHidden; init => _faceHidden = Rate(value, nameof(FaceHidden)); }

    /// <summary>Chance a worker places a visible nose or eye. Default 0.95.</summary>
    public double VisiblePlaced { get => _visiblePlaced; init => _visiblePlaced = Rate(value, nameof(VisiblePlaced)); }

    /// <summary>Chance a worker places a hidden nose or eye anyway (a guess). Default 0.3.</summary>
    public double HiddenPlaced { get => _hiddenPlaced; init => _hiddenPlaced = Rate(value, nameof(HiddenPlaced)); }

    /// <summary>
    /// Chance that a worker who declares a person facing the camera or away (<see cref="SkeletonInstance.Facing"/>)
    /// is right. Default 0.95.
    /// </summary>
    public double DeclaredFacingRight
    {
        get => _declaredFacingRight;
        init => _declaredFacingRight = Rate(value, nameof(DeclaredFacingRight));
    }

    /// <summary>
    /// Chance that <paramref name="placed"/> of <paramref name="members"/> workers place a nose or eye of a person
    /// facing the camera.
    /// </summary>
    public double PlacedIfFacing(int placed, int members) =>
        (1 - FaceHidden) * Binomial(placed, members, VisiblePlaced)
        + FaceHidden * Binomial(placed, members, HiddenPlaced);

    /// <summary>
    /// Chance that <paramref name="placed"/> of <paramref name="members"/> workers place a nose or eye of a person
    /// facing away.
    /// </summary>
    public double PlacedIfAway(int placed, int members) => Binomial(placed, members, HiddenPlaced);

    /// <summary>The four rates a batch refines, as the batch and job logs print them.</summary>
    internal string LogText() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"mirror rate {MirrorRate:P1}, face point hidden {FaceHidden:P1}, placed when visible {VisiblePlaced:P1}, " +
        $"guessed when hidden {HiddenPlaced:P1}");

    // 0 or 1 would make some vote impossible under one reading and its log-odds infinite.
    private static double Rate(double value, string name) =>
        value is > 0 and < 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} is a probability strictly between 0 and 1");

    internal static double Binomial(int k, int n, double p)
    {
        double ways = 1;
        for (var i = 1; i <= k; i++) ways = ways * (n - k + i) / i;
        return ways * Math.Pow(p, k) * Math.Pow(1 - p, n - k);
    }
}
