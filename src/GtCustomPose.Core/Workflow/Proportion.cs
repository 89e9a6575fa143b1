namespace GtCustomPose.Core.Workflow;

/// <summary>A proportion with its 95% Wilson interval.</summary>
/// <param name="Rate">Successes over trials; null without trials.</param>
/// <param name="Low">Lower bound of the 95% Wilson interval (0 without trials).</param>
/// <param name="High">Upper bound (1 without trials).</param>
/// <param name="Successes">Count in the numerator.</param>
/// <param name="Trials">Count in the denominator.</param>
public sealed record Proportion(double? Rate, double Low, double High, int Successes, int Trials)
{
    /// <summary>The proportion of <paramref name="successes"/> in <paramref name="trials"/> with its
    /// interval.</summary>
    public static Proportion Of(int successes, int trials)
    {
        var (low, high) = WilsonInterval.Of(successes, trials);
        return new Proportion(trials == 0 ? null : (double)successes / trials, low, high, successes, trials);
    }
}
