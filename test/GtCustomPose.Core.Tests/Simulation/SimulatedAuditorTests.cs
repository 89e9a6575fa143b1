using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Core.Tests;

public sealed class SimulatedAuditorTests
{
    private static readonly Rig Rig = Rig.Coco17;
    private static readonly ImageSize Size = new(1280, 720);

    private static (SimulatedObject Object, ConsolidatedLabel Label) Object(int seed)
    {
        var sim = new WorkerSimulator(
            Rig,
            new SimulationSettings { WorkersPerObject = 5, MaxInstances = 2, FixedInstanceCount = true },
            seed);
        var o = sim.Generate(1)[0];
        var label = Consolidator.Consolidate(
            o.Answers.Select(a => AnswerParser.Parse(a.WorkerId, a.Content, Rig)).ToList(),
            Rig)!;
        return (o, label);
    }

    private static ConsolidatedLabel Truthful(IReadOnlyList<TruthInstance> truth) => new(Size,
        truth.Select((t, n) => new ConsolidatedInstance($"skeleton_{n + 1}",
                Enumerable.Range(0, Rig.Count).Where(i => t.Visible[i])
                    .Select(i => new ConsolidatedKeypoint(Rig.Keypoints[i].Label, t.X[i], t.Y[i], 0.9, 5))
                    .ToArray(),
                null,
                0.9))
            .ToArray(),
        false, [], [], new ConsolidationInfo(Consolidator.Method, 5, Rig.Name));

    [Fact]
    public void Audit_LabelMatchesTheTruth_NoChangesNeeded()
    {
        var (o, _) = Object(1);

        var answer = new SimulatedAuditor(Rig, 1).Audit(Truthful(o.Truth), o.Truth, Size);

        answer.NoChangesNeeded.Should().BeTrue();
        var parsed = AnswerParser.Parse("auditor", answer.Content, Rig);
        parsed.NoChangesNeeded.Should().BeTrue();
        parsed.Instances.Should().HaveCount(o.Truth.Count);
    }

    [Fact]
    public void Audit_SkeletonMissingAndOneMirrored_RedrawsThemCloseToTheTruth()
    {
        var (o, _) = Object(2);
        var label = Truthful(o.Truth);
        var mirrored = label.Instances[0] with
        {
            Keypoints = label.Instances[0].Keypoints
                .Select(k => k with { Label = Rig.Keypoints[Rig.FlipIndex[Rig.IndexOf(k.Label)]].Label })
                .ToArray(),
        };
        label = label with { Instances = [mirrored] };

        var answer = new SimulatedAuditor(Rig, 2).Audit(label, o.Truth, Size);

        answer.NoChangesNeeded.Should().BeFalse();
        answer.Redrawn.Should().Be(2);
        var audited = Consolidator.Consolidate([AnswerParser.Parse("auditor", answer.Content, Rig)], Rig)!;
        Evaluation.MeanOks(o.Truth, RigArrays.ToArrays(audited, Rig), Rig).Should().BeGreaterThan(0.95);
    }

    [Fact]
    public void Audit_SkeletonOfNoOne_Removed()
    {
        var (o, _) = Object(3);
        var label = Truthful(o.Truth);
        var ghost = label.Instances[0] with
        {
            Name = "ghost",
            Keypoints = label.Instances[0].Keypoints.Select(k => k with { X = k.X + 2000 }).ToArray(),
        };
        label = label with { Instances = [.. label.Instances, ghost] };

        var answer = new SimulatedAuditor(Rig, 3).Audit(label, o.Truth, Size);

        answer.Removed.Should().Be(1);
        answer.Redrawn.Should().Be(0);
        AnswerParser.Parse("auditor", answer.Content, Rig).Instances.Should().HaveCount(o.Truth.Count);
    }

    [Fact]
    public void Audit_NoLabel_DrawsEveryPerson()
    {
        var (o, _) = Object(4);

        var answer = new SimulatedAuditor(Rig, 4).Audit(null, o.Truth, Size);

        answer.Redrawn.Should().Be(o.Truth.Count);
        AnswerParser.Parse("auditor", answer.Content, Rig).Instances.Should().HaveCount(o.Truth.Count);
    }
}
