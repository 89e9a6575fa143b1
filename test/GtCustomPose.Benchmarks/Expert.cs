using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Benchmarks;

/// <summary>The simulated expert's audit of a label, consolidated as the audit job's post-annotation does it.</summary>
internal static class Expert
{
    /// <summary>The expert's answer on <paramref name="label"/> and the label it makes (null when none).</summary>
    public static (AuditAnswer Answer, ConsolidatedLabel? Label) Audit(
        SimulatedAuditor auditor, ConsolidatedLabel? label, SimulatedObject o, Rig rig)
    {
        var answer = auditor.Audit(label, o.Truth, o.ImageSize);
        var audited = Consolidator.Consolidate([AnswerParser.Parse("auditor", answer.Content, rig)], rig,
            options: new ConsolidationOptions { AuditMode = true });
        return (answer, audited);
    }
}
