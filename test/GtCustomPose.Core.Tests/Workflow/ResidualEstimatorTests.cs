using GtCustomPose.Core.Workflow;

namespace GtCustomPose.Core.Tests.Workflow;

public sealed class ResidualEstimatorTests
{
    /// <summary>
    /// One synthetic job: each object's p_wrong from <paramref name="pWrong"/>, its truth (the auditor would change
    /// it) drawn from <paramref name="truth"/>(p_wrong); the budget audits the highest p_wrong first, the QA sample
    /// is drawn from the rest within bands of p_wrong as the route draws it (<see cref="QaStrata"/>), or uniformly
    /// as routes drew it before. Returns the estimate and the true rate among the unaudited objects.
    /// </summary>
    private static (ResidualEstimate Estimate, double Truth) Job(
        int seed, int objects, Func<Random, double> pWrong, Func<double, double> truth, double budget = 0.15,
        double qaShare = RouteOptions.DefaultSampleRate, bool uniform = false)
    {
        var random = new Random(seed);
        var jobs = Enumerable.Range(0, objects).Select(_ =>
        {
            var p = pWrong(random);
            return (P: p, Wrong: random.NextDouble() < truth(p));
        }).ToList();
        var qa = (int)Math.Round(qaShare * objects);
        var rest = jobs.OrderByDescending(j => j.P).Skip((int)(budget * objects) - qa)
            .OrderBy(_ => random.Next()).Select((j, i) => (j.P, j.Wrong, Index: i)).ToList();
        var counts = QaStrata.Allocate(rest.Select(j => j.P).ToList(), qa);
        var drawn = uniform
            ? rest.Take(qa).ToList()
            : rest.GroupBy(j => QaStrata.Band(j.P)).SelectMany(band => band.Take(counts[band.Key])).ToList();
        var sample = drawn.Select(j => (j.P, j.Wrong)).ToList();
        var inSample = drawn.Select(j => j.Index).ToHashSet();
        var unaudited = rest.Where(j => !inSample.Contains(j.Index)).ToList();
        var estimate = ResidualEstimator.Estimate(unaudited.Select(j => j.P).ToList(), sample);
        return (estimate, unaudited.Count(j => j.Wrong) / (double)unaudited.Count);
    }

    private static double Harsh(Random r) => Math.Min(0.99, Beta(r, 0.6, 1.2));
    private static double Mild(Random r) => Math.Min(0.99, Beta(r, 0.3, 12));
    private static double Sharp(Random r) => r.NextDouble() < 0.3 ? 0.9 : 0.03;

    // A Beta draw from two Gamma draws (Marsaglia–Tsang, with the a < 1 boost).
    private static double Beta(Random r, double a, double b)
    {
        var x = Gamma(r, a);
        return x / (x + Gamma(r, b));
    }

    private static double Gamma(Random r, double a)
    {
        if (a < 1) return Gamma(r, a + 1) * Math.Pow(r.NextDouble(), 1 / a);
        double d = a - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z, v;
            do
            {
                z = Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
                v = 1 + c * z;
            }
            while (v <= 0);
            v = v * v * v;
            if (Math.Log(1 - r.NextDouble()) < 0.5 * z * z + d - d * v + d * Math.Log(v)) return d * v;
        }
    }

    public static TheoryData<string, int, string> Crowds() => new()
    {
        { "harsh", 2000, "calibrated" }, { "harsh", 2000, "twice too high" }, { "harsh", 2000, "half too low" },
        { "harsh", 300, "calibrated" }, { "harsh", 300, "constant" },
        { "mild", 2000, "calibrated" }, { "mild", 2000, "half too low" }, { "mild", 300, "twice too high" },
        { "sharp", 2000, "calibrated" }, { "sharp", 300, "half too low" },
    };

    [Theory]
    [MemberData(nameof(Crowds))]
    public void Estimate_ManySeeds_IntervalCoversTheTrueRateOnAtLeast90PercentOfThem(
        string crowd, int objects, string calibration)
    {
        Func<Random, double> pWrong = crowd switch { "harsh" => Harsh, "mild" => Mild, _ => Sharp };
        Func<double, double> truth = calibration switch
        {
            "calibrated" => p => p,
            "twice too high" => p => p / 2,
            "half too low" => p => Math.Min(1, 2 * p),
            _ => _ => 0.3,
        };

        foreach (var uniform in new[] { false, true })
        {
            var covered = Enumerable.Range(0, 300).Count(seed =>
            {
                var (e, t) = Job(seed, objects, pWrong, truth, uniform: uniform);
                return e.Low <= t && t <= e.High;
            });

            covered.Should().BeGreaterThanOrEqualTo(270,
                $"{crowd} crowd, {objects} objects, p_wrong {calibration}, {(uniform ? "uniform" : "stratified")}");
        }
    }

    [Fact]
    public void Estimate_StratifiedSampleOnAHarshCrowd_NarrowerThanAUniformOne()
    {
        double Width(bool uniform) => Enumerable.Range(0, 100)
            .Average(seed => Job(seed, 2000, Harsh, p => p, uniform: uniform).Estimate.Width!.Value);

        Width(uniform: false).Should().BeLessThan(Width(uniform: true) * 0.95);
    }

    [Fact]
    public void Estimate_SharpPWrongAt2000Objects_NarrowerThanTheSampleAlone()
    {
        var widths = Enumerable.Range(0, 100).Select(seed => Job(seed, 2000, Sharp, p => p).Estimate).ToList();

        var wilson = widths.Select(e => WilsonInterval.Of(e.SampleChanged, e.Sampled))
            .Average(w => w.High - w.Low);
        widths.Average(e => e.Width!.Value).Should().BeLessThan(0.10).And.BeLessThan(wilson * 0.75);
    }

    [Fact]
    public void Estimate_BiasedPWrong_TheSampleCorrectsTheMean()
    {
        var estimates = Enumerable.Range(0, 200)
            .Select(seed => Job(seed, 2000, Harsh, p => p / 2)).ToList();

        // p_wrong alone predicts twice the errors; the corrected estimate is within a point of the truth on average.
        var meanPWrong = estimates.Average(e => e.Estimate.ExpectedWrong / e.Estimate.Unaudited);
        var truth = estimates.Average(e => e.Truth);
        meanPWrong.Should().BeGreaterThan(truth * 1.5);
        estimates.Average(e => e.Estimate.Rate!.Value).Should().BeApproximately(truth, 0.01);
    }

    [Fact]
    public void Estimate_NoSample_NoRateNoInterval()
    {
        var e = ResidualEstimator.Estimate([0.1, 0.2], []);

        e.Rate.Should().BeNull();
        e.Low.Should().BeNull();
        e.Width.Should().BeNull();
        e.ExpectedWrong.Should().BeApproximately(0.3, 1e-9);
    }

    [Fact]
    public void Estimate_SmallSampleThatSawNoChange_IntervalAtLeastWhatPWrongImplies()
    {
        var unaudited = Enumerable.Repeat(0.05, 200).ToList();

        var e = ResidualEstimator.Estimate(unaudited, [(0.05, false), (0.05, false), (0.05, false)]);

        // s² of the sample is 0; the floor is 0.05 × 0.95, so the half width is 1.96 √(0.0475 (1/3 + 1/200)).
        e.High.Should().BeApproximately(1.96 * Math.Sqrt(0.0475 * (1 / 3.0 + 1 / 200.0)), 1e-3);
        e.Rate.Should().BeApproximately(0, 1e-12);
    }

    [Fact]
    public void Estimate_PWrongOutsideZeroToOne_Throws()
    {
        var act = () => ResidualEstimator.Estimate([1.5], [(0.1, true)]);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*p_wrong*");
    }
}
