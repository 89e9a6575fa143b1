namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// What the facing check (<see cref="ConsolidationOptions.CheckFacing"/>) assumes of a crowd. A person facing the camera
/// shows the nose and each eye unless hidden (by hair, a hand, a turn of the head); a person facing away shows none, yet
/// some workers guess where they would be. The defaults are the rates of the repository's simulator; set a crowd's own
/// when they are known.
/// </summary>
/// <param name="MirrorRate">Chance a worker draws a whole skeleton mirrored (left and right from their own side). Default 0.06.</param>
/// <param name="FaceHidden">Chance a nose or eye of a person facing the camera is hidden. Default 0.1.</param>
/// <param name="VisiblePlaced">Chance a worker places a visible nose or eye. Default 0.95.</param>
/// <param name="HiddenPlaced">Chance a worker places a hidden nose or eye anyway (a guess). Default 0.3.</param>
public sealed record FacingAssumptions(double MirrorRate = 0.06, double FaceHidden = 0.1, double VisiblePlaced = 0.95, double HiddenPlaced = 0.3)
{
    /// <summary>Chance that <paramref name="placed"/> of <paramref name="members"/> workers place a nose or eye of a person facing the camera.</summary>
    public double PlacedIfFacing(int placed, int members) =>
        (1 - FaceHidden) * Binomial(placed, members, VisiblePlaced) + FaceHidden * Binomial(placed, members, HiddenPlaced);

    /// <summary>Chance that <paramref name="placed"/> of <paramref name="members"/> workers place a nose or eye of a person facing away.</summary>
    public double PlacedIfAway(int placed, int members) => Binomial(placed, members, HiddenPlaced);

    private static double Binomial(int k, int n, double p)
    {
        double ways = 1;
        for (var i = 1; i <= k; i++) ways = ways * (n - k + i) / i;
        return ways * Math.Pow(p, k) * Math.Pow(1 - p, n - k);
    }
}
