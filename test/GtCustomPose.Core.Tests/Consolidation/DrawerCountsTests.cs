using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Core.Tests;

/// <summary>
/// The crowd-level split of minority skeletons into people the others missed and skeletons of no one, and what it
/// changes in a label: a person one worker drew is kept in a crowd that skips people, left out in one that draws
/// skeletons of no one.
/// </summary>
public class DrawerCountsTests
{
    private static readonly Rig Coco = Rig.Coco17;

    // Clusters of an object with three workers who each draw a person with chance q: the binomial's counts.
    private static DrawerCounts Binomial(double q, int people, int phantoms = 0)
    {
        var counts = new DrawerCounts();
        var byDrawers = new[] { 0, 3 * q * (1 - q) * (1 - q), 3 * q * q * (1 - q), q * q * q };
        for (var d = 1; d <= 3; d++)
            for (var i = 0; i < Math.Round(people * byDrawers[d]); i++) counts.Add(3, d);
        for (var i = 0; i < phantoms; i++) counts.Add(3, 1);
        return counts;
    }

    [Fact]
    public void PhantomShare_LoneSkeletonsAsTheBinomialPredicts_NearZero()
    {
        Binomial(0.8, 10_000).PhantomShare().Should().BeLessThan(0.02);
    }

    [Fact]
    public void PhantomShare_LoneSkeletonsBeyondTheBinomial_TheirShare()
    {
        // 10,000 people drawn with chance 0.8: 960 lone skeletons of people, then 960 of no one. The share is taken
        // beyond the prediction's spread, so it errs a little low.
        Binomial(0.8, 10_000, phantoms: 960).PhantomShare().Should().BeInRange(0.44, 0.5);
    }

    [Fact]
    public void PhantomShare_SampledCrowdWithoutPhantoms_ZeroOnNearlyEverySeed()
    {
        // 300 objects of two people each: the lone skeletons a real crowd leaves vary from job to job, and chance alone
        // must not turn them into skeletons of no one (that would drop people one careful worker drew).
        var zero = 0;
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var counts = new DrawerCounts();
            for (var person = 0; person < 600; person++)
            {
                var drawers = Enumerable.Range(0, 3).Count(_ => random.NextDouble() < 0.85);
                if (drawers > 0) counts.Add(3, drawers);
            }
            if (counts.PhantomShare() == 0) zero++;
        }

        zero.Should().BeGreaterThanOrEqualTo(180);
    }

    [Fact]
    public void PhantomShare_NothingCounted_EveryMinoritySkeletonAnExtra()
    {
        new DrawerCounts().PhantomShare().Should().Be(1);
    }

    [Fact]
    public void Merge_TwoHalves_TheWholesShare()
    {
        var whole = Binomial(0.7, 4_000, phantoms: 100);
        var half = Binomial(0.7, 2_000, phantoms: 50);
        half.Merge(Binomial(0.7, 2_000, phantoms: 50));

        half.ToState().Should().BeEquivalentTo(whole.ToState());
        half.PhantomShare().Should().Be(whole.PhantomShare());
    }

    [Fact]
    public void FromState_RowOfTheWrongLength_NamesTheField()
    {
        var act = () => DrawerCounts.FromState(new Dictionary<int, long[]> { [3] = [0, 1, 2] }, "drawers");

        act.Should().Throw<FormatException>().WithMessage("drawers['3']: expected 4 counts of 0 or more");
    }

    [Theory]
    [InlineData(0.0, 0.6)]
    [InlineData(0.05, 0.0)]
    public void Consolidate_LonePersonsAndPhantoms_KeptAsTheCrowdShows(double phantom, double keptAtLeast)
    {
        // Careless workers skip people; with phantom > 0 every poor or careless answer may hold a skeleton of no one.
        var settings = new SimulationSettings
        {
            CarefulShare = 0.3, PoorShare = 0.3, CarelessShare = 0.1, PhantomSkeleton = phantom,
        };
        var batch = new WorkerSimulator(Coco, settings, 5).Generate(300);
        var parsed = batch.Select(o => (IReadOnlyList<WorkerAnswer>)o.Answers
            .Select(a => AnswerParser.Parse(a.WorkerId, a.Content, Coco)).ToList()).ToList();
        var estimates = Consolidator.EstimateBatch(parsed, Coco);
        var options = new ConsolidationOptions
        {
            WorkerNoise = estimates.WorkerNoise, Facing = estimates.Facing, WorkerRates = estimates.WorkerRates,
        };
        int lonePeople = 0, loneKept = 0, phantoms = 0, phantomsKept = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var label = Consolidator.Consolidate(parsed[i], Coco, options: options)!;
            var ours = RigArrays.ToArrays(label, Coco);
            var per = Evaluation.PerTruthOks(batch[i].Truth, ours, Coco);
            for (var t = 0; t < batch[i].Truth.Count; t++)
            {
                if (batch[i].Answers.Count(a => a.Drawn.Any(d => d.TruthIndex == t)) != 1) continue;
                lonePeople++;
                if (per[t] > 0.3) loneKept++;
            }
            phantoms += batch[i].Answers.Sum(a => a.Drawn.Count(d => d.TruthIndex < 0));
            phantomsKept += Math.Max(0, ours.Count - per.Count(p => p > 0.3));
        }

        lonePeople.Should().BeGreaterThan(5);
        ((double)loneKept / lonePeople).Should().BeGreaterThanOrEqualTo(keptAtLeast);
        if (phantom > 0) ((double)phantomsKept / phantoms).Should().BeLessThan(0.1);
    }

    [Fact]
    public void Consolidate_SkeletonOfNoOneConfidentlyLeftOut_NoCountDoubtInPWrong()
    {
        // In a crowd that draws skeletons of no one, one the rates clearly leave out is no reason to audit the label:
        // the auditor would keep the count. Counted as a dispute, such labels had p_wrong 0.86 on average here.
        var settings = new SimulationSettings
        {
            CarefulShare = 0.3, PoorShare = 0.3, CarelessShare = 0.1, PhantomSkeleton = 0.05,
        };
        var batch = new WorkerSimulator(Coco, settings, 3).Generate(300);
        var parsed = batch.Select(o => (IReadOnlyList<WorkerAnswer>)o.Answers
            .Select(a => AnswerParser.Parse(a.WorkerId, a.Content, Coco)).ToList()).ToList();
        var options = PooledOptions(Consolidator.EstimateBatch(parsed, Coco));
        List<double> phantomOnly = [];
        for (var i = 0; i < batch.Count; i++)
        {
            var o = batch[i];
            var everyoneDrewAll = Enumerable.Range(0, o.Truth.Count)
                .All(t => o.Answers.All(a => a.Drawn.Any(d => d.TruthIndex == t)));
            if (!everyoneDrewAll) continue;
            var label = Consolidator.Consolidate(parsed[i], Coco, options: options)!;
            if (label.Instances.Count != o.Truth.Count) continue;
            var phantoms = o.Answers.Sum(a => a.Drawn.Count(d => d.TruthIndex < 0));
            if (phantoms == 1) phantomOnly.Add(label.PWrong ?? 1);
        }

        phantomOnly.Should().HaveCountGreaterThan(10);
        phantomOnly.Average().Should().BeLessThan(0.5);
    }

    private static ConsolidationOptions PooledOptions(BatchEstimates estimates) => new()
    {
        WorkerNoise = estimates.WorkerNoise, Facing = estimates.Facing, WorkerRates = estimates.WorkerRates,
        WorkerDoubt = estimates.WorkerDoubt,
    };
}
