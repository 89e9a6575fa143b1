using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using static GtCustomPose.Core.Tests.Fixtures;

namespace GtCustomPose.Core.Tests;

/// <summary>Properties of consolidation checked with FsCheck over simulated objects (a failure prints the seed that
/// replays it).</summary>
public class ConsolidatorPropertyTests
{
    private static readonly Rig Coco = Rig.Coco17;
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);

    private static string Json(ConsolidatedLabel? label) =>
        JsonSerializer.Serialize(label, CoreJsonContext.Default.ConsolidatedLabel);

    private static List<WorkerAnswer> Simulated(int seed, int workers) =>
        new WorkerSimulator(Coco, new SimulationSettings { WorkersPerObject = workers }, seed).Next("0", "s3://b/i.png")
            .Answers
            .Select(a => AnswerParser.Parse(a.WorkerId, a.Content, Coco)).ToList();

    private static readonly Gen<(int Seed, int Workers)> Scenarios = Gen.Choose(0, 1_000_000)
        .SelectMany(seed => Gen.Choose(1, 9).Select(workers => (seed, workers)));

    [Fact]
    public void Consolidate_AnyWorkerOrder_SameLabel() =>
        Check.One(Runs, Prop.ForAll(Arb.From(Scenarios.SelectMany(s => Gen.Choose(0, 1000)
            .Select(shuffle => (s.Seed, s.Workers, shuffle)))), t =>
        {
            var answers = Simulated(t.Seed, t.Workers);
            var shuffled = answers.OrderBy(a => HashCode.Combine(a.WorkerId, t.shuffle)).ToList();
            return Json(Consolidator.Consolidate(answers, Coco)) == Json(Consolidator.Consolidate(shuffled, Coco));
        }));

    [Fact]
    public void Consolidate_AnySkeletonOrder_SameLabel() =>
        Check.One(Runs, Prop.ForAll(Arb.From(Scenarios), s =>
        {
            var answers = Simulated(s.Seed, s.Workers);
            var reversed = answers.Select(a => a with { Instances = a.Instances.Reverse().ToArray() }).ToList();
            return Json(Consolidator.Consolidate(answers, Coco)) == Json(Consolidator.Consolidate(reversed, Coco));
        }));

    [Fact]
    public void Consolidate_OneWorker_ReturnsItsAnswerAsIs() =>
        Check.One(Runs, Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
        {
            var answer = Simulated(seed, 1)[0];
            var label = Consolidator.Consolidate([answer], Coco)!;
            var byName = answer.Instances.ToDictionary(i => i.Name);
            return label.Instances.Count == answer.Instances.Count && label.Instances.Select(i => (i, byName[i.Name]))
                .All(p =>
                p.Item1.Keypoints.Select(k => (k.Label, k.X, k.Y))
                    .SequenceEqual(p.Item2.Keypoints.Select(k => (k.Label, k.X, k.Y))));
        }));

    [Fact]
    public void Consolidate_EveryAnswerTranslated_ResultTranslated() =>
        Check.One(Runs, Prop.ForAll(Arb.From(Scenarios.SelectMany(s => Gen.Choose(-150, 150).Two()
            .Select(d => (s.Seed, s.Workers, d.Item1, d.Item2)))), t =>
        {
            var answers = Simulated(t.Seed, t.Workers);
            var moved = answers.Select(a =>
                a with { Instances = a.Instances.Select(i =>
                Moved(i, k => k with { X = k.X + t.Item3, Y = k.Y + t.Item4 })).ToArray() }).ToList();
            var before = Consolidator.Consolidate(answers, Coco)!;
            var after = Consolidator.Consolidate(moved, Coco)!;
            if (before.Instances.Count != after.Instances.Count) return false;
            return before.Instances.Zip(after.Instances)
                .All(p => p.First.Keypoints.Count == p.Second.Keypoints.Count
                && p.First.Keypoints.Zip(p.Second.Keypoints).All(k =>
                k.First.Label == k.Second.Label && Math.Abs(k.First.X + t.Item3 - k.Second.X) < 0.11
                    && Math.Abs(k.First.Y + t.Item4 - k.Second.Y) < 0.11));
        }));

    [Fact]
    public void Consolidate_OneFullyMirroredAmongAgreeing_IsDetected() =>
        Check.One(Runs, Prop.ForAll(Arb.From(Gen.Choose(3, 8)
            .SelectMany(n => Gen.Choose(0, n).SelectMany(m => Gen.Choose(0, 100_000).Select(seed => (n, m, seed))))),
            t =>
        {
            var person = Person("p", 200 + t.seed % 500, 40 + t.seed % 200, 250 + t.seed % 150);
            var r = new Random(t.seed);
            var answers = Enumerable.Range(0, t.n + 1).Select(i =>
            {
                var drawn = Moved(person, k => k with { X = k.X + r.Next(-3, 4), Y = k.Y + r.Next(-3, 4) });
                return Answer($"w{i}", i == t.m ? Mirrored(drawn) : drawn);
            }).ToList();
            var label = Consolidator.Consolidate(answers, Coco)!;
            return label.Workers.Where(w => w.LeftRightSwapped).Select(w => w.WorkerId).SequenceEqual([$"w{t.m}"])
                && !label.NeedsReview;
        }));
}
