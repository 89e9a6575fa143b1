namespace GtCustomPose.Core.Workflow;

/// <summary>The Wilson score interval of a binomial proportion: honest at small samples and at rates near 0.</summary>
internal static class WilsonInterval
{
    /// <summary>z of a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// The interval of <paramref name="successes"/> out of <paramref name="trials"/>, clamped to 0..1; (0, 1) when
    /// there
    /// are no trials.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative counts, or more successes than trials.</exception>
    public static (double Low, double High) Of(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0) return (0, 1);
        double n = trials, p = successes / n, z2 = z * z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        // At p = 0 or 1 the bound is exact in theory; rounding must not push it past the observed rate.
        var low = successes == 0 ? 0 : Math.Max(0, centre - half);
        var high = successes == trials ? 1 : Math.Min(1, centre + half);
        return (low, high);
    }
}
