namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// What the facing check (<see cref="ConsolidationOptions.CheckFacing"/>) assumes of a crowd. A person facing the camera
/// shows the nose and each eye unless hidden (by hair, a hand, a turn of the head); a person facing away shows none, yet
/// some workers guess where they would be. The defaults are the rates of the repository's simulator; set a crowd's own
/// when they are known. Every rate is a probability strictly between 0 and 1.
/// </summary>
public sealed record FacingAssumptions
{
    /// <summary>The defaults.</summary>
    public static FacingAssumptions Default { get; } = new();

    private readonly double _mirrorRate = 0.06, _faceHidden = 0.1, _visiblePlaced = 0.95, _hiddenPlaced = 0.3;

    /// <summary>Chance a worker draws a whole skeleton mirrored (left and right from their own side). Default 0.06.</summary>
    public double MirrorRate { get => _mirrorRate; init => _mirrorRate = Rate(value, nameof(MirrorRate)); }

    /// <summary>Chance a nose or eye of a person facing the camera is hidden. Default 0.1.</summary>
    public double FaceHidden { get => _faceHidden; init => _faceHidden = Rate(value, nameof(FaceHidden)); }

    /// <summary>Chance a worker places a visible nose or eye. Default 0.95.</summary>
    public double VisiblePlaced { get => _visiblePlaced; init => _visiblePlaced = Rate(value, nameof(VisiblePlaced)); }

    /// <summary>Chance a worker places a hidden nose or eye anyway (a guess). Default 0.3.</summary>
    public double HiddenPlaced { get => _hiddenPlaced; init => _hiddenPlaced = Rate(value, nameof(HiddenPlaced)); }

    /// <summary>Chance that <paramref name="placed"/> of <paramref name="members"/> workers place a nose or eye of a person facing the camera.</summary>
    public double PlacedIfFacing(int placed, int members) =>
        (1 - FaceHidden) * Binomial(placed, members, VisiblePlaced) + FaceHidden * Binomial(placed, members, HiddenPlaced);

    /// <summary>Chance that <paramref name="placed"/> of <paramref name="members"/> workers place a nose or eye of a person facing away.</summary>
    public double PlacedIfAway(int placed, int members) => Binomial(placed, members, HiddenPlaced);

    /// <summary>
    /// These assumptions refined by what a batch shows, each only where about 30 skeletons speak to it: of the workers'
    /// skeletons in clusters of three or more, the share the majority turned (the mirror rate); how often workers placed
    /// the face of skeletons all of them read from behind (the guess rate); and, for those all read from the front, a
    /// two-binomial mixture of hidden and visible face points fitted by expectation-maximisation.
    /// </summary>
    internal FacingAssumptions Estimate(IReadOnlyList<FacingEvidence> evidence)
    {
        const int MinSkeletons = 30;
        long mirrored = 0, members = 0, backPlaced = 0, backSlots = 0;
        var backSkeletons = 0;
        var front = new List<(int Placed, int Members)>();
        foreach (var e in evidence)
        {
            if (e.Members >= 3) { mirrored += e.Mirrored; members += e.Members; }
            if (e.Mirrored != 0 || !(Math.Abs(e.Sine) > 0.5)) continue;
            if (e.Sine < 0)
            {
                backPlaced += e.Nose + e.LeftEye + e.RightEye;
                backSlots += 3 * e.Members;
                backSkeletons++;
            }
            else front.AddRange([(e.Nose, e.Members), (e.LeftEye, e.Members), (e.RightEye, e.Members)]);
        }
        var result = this;
        if (members >= 3 * MinSkeletons) result = result with { MirrorRate = Clamp((double)mirrored / members) };
        if (backSkeletons >= MinSkeletons) result = result with { HiddenPlaced = Clamp((double)backPlaced / backSlots) };
        if (front.Count < 3 * MinSkeletons) return result;
        double visiblePlaced = result.VisiblePlaced, faceHidden = result.FaceHidden, hiddenPlaced = result.HiddenPlaced;
        for (var iteration = 0; iteration < 50; iteration++)
        {
            double visible = 0, placed = 0, slots = 0;
            foreach (var (c, n) in front)
            {
                double ifVisible = (1 - faceHidden) * Binomial(c, n, visiblePlaced), ifHidden = faceHidden * Binomial(c, n, hiddenPlaced);
                var w = ifVisible / (ifVisible + ifHidden);
                visible += w;
                placed += w * c;
                slots += w * n;
            }
            faceHidden = Clamp(1 - visible / front.Count);
            visiblePlaced = Clamp(placed / slots);
        }
        return result with { FaceHidden = faceHidden, VisiblePlaced = visiblePlaced };
    }

    // A rate the batch measured as 0 or 1 is kept just inside, where every vote stays possible.
    private static double Clamp(double rate) => double.IsNaN(rate) ? 0.5 : Math.Clamp(rate, 0.01, 0.99);

    // 0 or 1 would make some vote impossible under one reading and its log-odds infinite.
    private static double Rate(double value, string name) =>
        value is > 0 and < 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} is a probability strictly between 0 and 1");

    internal static double Binomial(int k, int n, double p)
    {
        double ways = 1;
        for (var i = 1; i <= k; i++) ways = ways * (n - k + i) / i;
        return ways * Math.Pow(p, k) * Math.Pow(1 - p, n - k);
    }
}

/// <summary>One skeleton's facing as the batch estimate sees it: members, members turned against the majority, members who placed the nose and each eye, and the facing sine of its centre.</summary>
internal readonly record struct FacingEvidence(int Members, int Mirrored, int Nose, int LeftEye, int RightEye, double Sine);

/// <summary>What a batch tells that one object's answers cannot (<see cref="Consolidator.EstimateBatch"/>).</summary>
/// <param name="WorkerNoise">Each worker's click variance per axis, in units of a keypoint's OKS tolerance, for workers seen often enough.</param>
/// <param name="Facing">The facing assumptions, refined by the batch.</param>
public sealed record BatchEstimates(Dictionary<string, double> WorkerNoise, FacingAssumptions Facing);
