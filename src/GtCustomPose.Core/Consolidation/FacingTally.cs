using static GtCustomPose.Core.Consolidation.ConsolidationConstants;

namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// The facing evidence of a batch or a whole job in counts that do not grow with it: sums for the mirror and guess
/// rates, and a histogram of (placed, members) for the face-point mixture.
/// </summary>
internal sealed partial class FacingTally
{
    private long _mirrored, _members, _backPlaced, _backSlots;
    private int _backSkeletons;
    private long _frontSlots, _declared, _declaredRight;
    private readonly Dictionary<(int Members, int Placed), long> _front = [];

    public void Add(FacingEvidence e)
    {
        if (e.Members >= 3) { _mirrored += e.Mirrored; _members += e.Members; }
        if (e.Mirrored != 0 || !(Math.Abs(e.Sine) > FacingMinSine)) return;
        _declared += e.DeclaredFront + e.DeclaredBack;
        _declaredRight += e.Sine > 0 ? e.DeclaredFront : e.DeclaredBack;
        if (e.Sine < 0)
        {
            _backPlaced += e.Nose + e.LeftEye + e.RightEye;
            _backSlots += 3 * e.Members;
            _backSkeletons++;
            return;
        }
        foreach (var placed in (ReadOnlySpan<int>)[e.Nose, e.LeftEye, e.RightEye])
        {
            _front[(e.Members, placed)] = _front.GetValueOrDefault((e.Members, placed)) + 1;
            _frontSlots++;
        }
    }

    /// <summary>Adds what <paramref name="other"/> counted.</summary>
    public void Merge(FacingTally other)
    {
        _mirrored += other._mirrored;
        _members += other._members;
        _backPlaced += other._backPlaced;
        _backSlots += other._backSlots;
        _backSkeletons += other._backSkeletons;
        _frontSlots += other._frontSlots;
        _declared += other._declared;
        _declaredRight += other._declaredRight;
        foreach (var (key, count) in other._front) _front[key] = _front.GetValueOrDefault(key) + count;
    }

    /// <summary>
    /// <paramref name="prior"/> refined by what the evidence shows, each only where about 30 skeletons speak to it: of
    /// the workers' skeletons in clusters of three or more, the share the majority turned (the mirror rate); how often
    /// workers placed the face of skeletons all of them read from behind (the guess rate); how often a declared facing
    /// agreed with sides every member read alike (the declared facing's reliability); and, for those all read from
    /// the front, a two-binomial mixture of hidden and visible face points fitted by expectation-maximisation.
    /// </summary>
    public FacingAssumptions Refine(FacingAssumptions prior)
    {
        var result = prior;
        if (_members >= 3 * FacingMinSkeletons)
            result = result with { MirrorRate = Clamp((double)_mirrored / _members) };
        if (_backSkeletons >= FacingMinSkeletons)
            result = result with { HiddenPlaced = Clamp((double)_backPlaced / _backSlots) };
        if (_declared >= 3 * FacingMinSkeletons)
            result = result with { DeclaredFacingRight = Clamp((double)_declaredRight / _declared) };
        if (_frontSlots < 3 * FacingMinSkeletons) return result;
        // Sorted, so the sums do not depend on the order skeletons came in.
        var bins = _front.OrderBy(b => b.Key.Members).ThenBy(b => b.Key.Placed).ToArray();
        double visiblePlaced = result.VisiblePlaced, faceHidden = result.FaceHidden, hiddenPlaced = result.HiddenPlaced;
        for (var iteration = 0; iteration < FacingMixtureIterations; iteration++)
        {
            double visible = 0, placed = 0, slots = 0;
            foreach (var ((n, c), count) in bins)
            {
                double ifVisible = (1 - faceHidden) * FacingAssumptions.Binomial(c, n, visiblePlaced);
                double ifHidden = faceHidden * FacingAssumptions.Binomial(c, n, hiddenPlaced);
                var w = count * (ifVisible / (ifVisible + ifHidden));
                visible += w;
                placed += w * c;
                slots += w * n;
            }
            faceHidden = Clamp(1 - visible / _frontSlots);
            visiblePlaced = Clamp(placed / slots);
        }
        return result with { FaceHidden = faceHidden, VisiblePlaced = visiblePlaced };
    }

    private static double Clamp(double rate) => double.IsNaN(rate) ? 0.5 : Math.Clamp(rate, RateFloor, RateCeiling);
}
