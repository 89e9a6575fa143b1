using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Workflow;
using GtCustomPose.Simulation;

namespace GtCustomPose.Core.Tests;

/// <summary>
/// Each worker's job-level doubt and p_wrong, the chance an expert auditor would change a label materially, on
/// simulated crowds whose truth is known.
/// </summary>
public class WrongChanceTests
{
    private static readonly Rig Coco = Rig.Coco17;

    private static (List<SimulatedObject> Batch, List<IReadOnlyList<WorkerAnswer>> Parsed, BatchEstimates Estimates)
        Job(SimulationSettings settings, int seed, int objects)
    {
        var batch = new WorkerSimulator(Coco, settings, seed).Generate(objects);
        var parsed = batch.Select(o => (IReadOnlyList<WorkerAnswer>)o.Answers
            .Select(a => AnswerParser.Parse(a.WorkerId, a.Content, Coco)).ToList()).ToList();
        return (batch, parsed, Consolidator.EstimateBatch(parsed, Coco));
    }

    private static ConsolidationOptions Pooled(BatchEstimates e) => JobStatistics.Pool(new ConsolidationOptions(), e);

    [Fact]
    public void EstimateBatch_PlantedCarelessWorker_HasTheHighestDoubt()
    {
        // One careless worker in a workforce of 20 (every 20th), mirroring, skipping people and stray-clicking ten
        // times as often as the others.
        var settings = new SimulationSettings { WorkforceSize = 20, CarelessShare = 0.05, CarelessFactor = 10 };
        var (batch, _, estimates) = Job(settings, seed: 11, objects: 400);
        // The oracle's count of each worker's mistakes per person it was shown.
        var truth = batch.SelectMany(o => o.Answers.Select(a => (a.WorkerId,
                Mistakes: a.Drawn.Count(d => d.Mirrored) + o.Truth.Count - a.Drawn.Count, People: o.Truth.Count)))
            .GroupBy(t => t.WorkerId)
            .ToDictionary(g => g.Key, g => (double)g.Sum(t => t.Mistakes) / g.Sum(t => t.People));
        var planted = truth.MaxBy(p => p.Value).Key;

        var doubt = estimates.WorkerDoubt!;
        doubt.MaxBy(p => p.Value).Key.Should().Be(planted);
        doubt[planted].Should().BeGreaterThan(3 * doubt.Values.Order().ElementAt(doubt.Count / 2));
    }

    [Fact]
    public void Consolidate_CrowdOfPoorWorkers_RaisesDoubtOnLabelsWithoutReasons()
    {
        var poor = new SimulationSettings { CarefulShare = 0, PoorShare = 0.8, CarelessShare = 0.2 };
        double MeanDoubt(SimulationSettings s, out double unflaggedPWrong)
        {
            var (_, parsed, estimates) = Job(s, seed: 3, objects: 300);
            var labels = parsed.Select(p => Consolidator.Consolidate(p, Coco, options: Pooled(estimates))!).ToList();
            unflaggedPWrong = labels.Where(l => !l.NeedsReview).Average(l => l.PWrong!.Value);
            return estimates.WorkerDoubt!.Values.Average();
        }

        var goodDoubt = MeanDoubt(new SimulationSettings(), out var goodPWrong);
        var poorDoubt = MeanDoubt(poor, out var poorPWrong);

        poorDoubt.Should().BeGreaterThan(1.5 * goodDoubt);
        // A consensus of poor answers is not trusted as one of good answers would be.
        poorPWrong.Should().BeGreaterThan(1.5 * goodPWrong);
    }

    /// <summary>Each label's p_wrong and whether the simulated expert changed it materially.</summary>
    private static (List<double> P, List<bool> Changed) Audited(
        IEnumerable<(SimulationSettings Settings, int Seed)> jobs, int objects = 200)
    {
        var p = new List<double>();
        var changed = new List<bool>();
        foreach (var (settings, seed) in jobs)
        {
            var (batch, parsed, estimates) = Job(settings, seed, objects);
            var auditor = new SimulatedAuditor(Coco, seed + 1);
            for (var i = 0; i < batch.Count; i++)
            {
                var label = Consolidator.Consolidate(parsed[i], Coco, options: Pooled(estimates))!;
                var answer = auditor.Audit(label, batch[i].Truth, batch[i].ImageSize);
                var audited = Consolidator.Consolidate([AnswerParser.Parse("auditor", answer.Content, Coco)], Coco,
                    options: new ConsolidationOptions { AuditMode = true })!;
                p.Add(label.PWrong!.Value);
                changed.Add(!answer.NoChangesNeeded && LabelComparison.Compare(label, audited, Coco).Material());
            }
        }
        return (p, changed);
    }

    private static readonly SimulationSettings Harsh =
        new() { CarefulShare = 0.3, PoorShare = 0.3, CarelessShare = 0.1 };

    [Fact]
    public void PWrong_TwoWorkersPerObject_CalibratedOnItsOwnKnots()
    {
        // Seeds the two-worker knots were not fitted on (those were 2, 3, 4, 10 and 11).
        var two = new SimulationSettings { WorkersPerObject = 2 };
        var (p, changed) = Audited([(two, 31), (two, 32), (Harsh with { WorkersPerObject = 2 }, 33)]);

        ShouldBeCalibrated(p, changed, 0.05, [(0.0, 0.2), (0.2, 0.5), (0.5, 1.01)], 0.12);
    }

    /// <summary>The mean p_wrong within <paramref name="overall"/> of the share changed, and each bin's within
    /// <paramref name="perBin"/> of its own share (each bin holding more than 30 labels).</summary>
    private static void ShouldBeCalibrated(List<double> p, List<bool> changed, double overall,
        (double Low, double High)[] bins, double perBin)
    {
        p.Average().Should().BeApproximately(changed.Average(b => b ? 1.0 : 0), overall);
        foreach (var (low, high) in bins)
        {
            var bin = Enumerable.Range(0, p.Count).Where(i => p[i] >= low && p[i] < high).ToList();
            bin.Count.Should().BeGreaterThan(30);
            bin.Average(i => changed[i] ? 1.0 : 0).Should()
                .BeApproximately(bin.Average(i => p[i]), perBin, $"p_wrong in [{low}, {high})");
        }
    }

    [Fact]
    public void PWrong_ManySimulatedSeeds_CalibratedAndRanksChangedLabelsFirst()
    {
        // Seeds and a crowd the model was not fitted on (those were 2, 3, 4, 10 and 11).
        var (p, changed) = Audited([(new SimulationSettings(), 31), (new SimulationSettings(), 32), (Harsh, 33),
            (Harsh, 34), (Harsh with { WorkersPerObject = 5 }, 35)]);

        ShouldBeCalibrated(p, changed, 0.03, [(0.0, 0.1), (0.1, 0.5), (0.5, 1.01)], 0.1);
        // The 15% with the highest p_wrong hold most of the labels that would be changed; the rest, few.
        var ranked = Enumerable.Range(0, p.Count).OrderByDescending(i => p[i]).ToList();
        var top = ranked.Take(p.Count * 15 / 100).ToList();
        top.Count(i => changed[i]).Should().BeGreaterThan(changed.Count(c => c) * 7 / 10);
        ranked.Skip(top.Count).Average(i => changed[i] ? 1.0 : 0).Should().BeLessThan(0.05);
    }

    [Fact]
    public void Estimate_MoreDoubtOnAnyFeature_NeverLowersPWrong()
    {
        var calm = new DoubtFeatures(3, 0.95, 0.95, 0.9, 0, false, false, false, false, 0, 1, 0.05);
        DoubtFeatures[] worse =
        [
            calm with { LeastConfidence = 0.6, MeanConfidence = 0.8 },
            calm with { LeastAgreement = 0.4 },
            calm with { SidesWrongChance = 0.5 },
            calm with { CountDisputed = true },
            calm with { SwapDisputed = true },
            calm with { CrowdDoubt = 0.4 },
        ];
        var baseline = WrongChance.Estimate(calm);
        baseline.Should().BeInRange(0, 0.1);
        foreach (var f in worse) WrongChance.Estimate(f).Should().BeGreaterThan(baseline, f.ToString());
        WrongChance.Estimate(calm with { Workers = 1 }).Should().Be(0.5);
    }

    [Fact]
    public void Calibrate_AnyScore_MonotoneWithinZeroAndOne()
    {
        var previous = -1.0;
        for (var s = 0.0; s <= 1.0; s += 0.001)
        {
            var p = WrongChance.Calibrate(s, WrongChance.Knots);
            p.Should().BeInRange(0, 1).And.BeGreaterThan(previous);
            previous = p;
        }
    }

    [Fact]
    public void SaveState_LoadState_KeepsEveryWorkersDoubt()
    {
        var (_, parsed, estimates) = Job(new SimulationSettings(), seed: 4, objects: 120);
        var estimator = new BatchEstimator(Coco);
        foreach (var p in parsed) estimator.Add(p);

        var loaded = BatchEstimator.LoadState(estimator.SaveState(), Coco).Build();

        loaded.WorkerDoubt.Should().Equal(estimates.WorkerDoubt);
        estimates.WorkerDoubt.Should().NotBeEmpty();
    }

    [Fact]
    public void Consolidate_MaxPWrongSet_VerdictIsPWrongAboveItAndReasonsStay()
    {
        var (_, parsed, estimates) = Job(new SimulationSettings(), seed: 6, objects: 150);
        var byReasons = parsed.Select(p => Consolidator.Consolidate(p, Coco, options: Pooled(estimates))!).ToList();
        var byPWrong = parsed.Select(p => Consolidator.Consolidate(
            p, Coco, options: Pooled(estimates) with { MaxPWrong = 0.2 })!).ToList();

        for (var i = 0; i < parsed.Count; i++)
        {
            byPWrong[i].ReviewReasons.Should().Equal(byReasons[i].ReviewReasons);
            byPWrong[i].PWrong.Should().Be(byReasons[i].PWrong);
            byPWrong[i].NeedsReview.Should().Be(byPWrong[i].PWrong > 0.2, $"object {i}");
        }
        byPWrong.Should().Contain(l => !l.NeedsReview && l.ReviewReasons.Count > 0, "a reason alone no longer flags");
        byPWrong.Should().Contain(l => l.NeedsReview);
    }

    [Fact]
    public void Consolidate_OneAnswer_HalfForAWorkerZeroForAnAuditor()
    {
        var (_, parsed, _) = Job(new SimulationSettings(), seed: 8, objects: 1);
        IReadOnlyList<WorkerAnswer> one = [parsed[0][0]];

        Consolidator.Consolidate(one, Coco)!.PWrong.Should().Be(0.5);
        Consolidator.Consolidate(one, Coco, options: new ConsolidationOptions { AuditMode = true })!.PWrong
            .Should().Be(0);
    }
}
