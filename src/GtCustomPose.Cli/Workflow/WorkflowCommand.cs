using System.CommandLine;

namespace GtCustomPose.Cli.Workflow;

/// <summary><c>gtpose workflow route|merge|run|simulate-audit|reconsolidate</c>: the label → audit → merge
/// workflow's steps on this machine.</summary>
internal static class WorkflowCommand
{
    public static Command Create() => new(
        "workflow",
        "The multi-job workflow: level-1 labels, an audit job for what needs a second look, one merged dataset.")
    {
        RouteCommand.Create(),
        MergeCommand.Create(),
        WorkflowRunCommand.Create(),
        SimulateAuditCommand.Create(),
        ReconsolidateCommand.Create(),
    };
}
