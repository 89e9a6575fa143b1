using System.CommandLine;
using GtCustomPose.Cli;

var root = new RootCommand("gtpose: SageMaker Ground Truth keypoint labeling functions, run locally.")
{
    InvokeCommand.Create(),
    RunJobCommand.Create(),
    ExportCommand.Create(),
    ManifestCommand.Create(),
    ReportCommand.Create(),
    ConsolidateCommand.Create(),
    GtCustomPose.Cli.Workflow.WorkflowCommand.Create(),
    GtCustomPose.Cli.Workflow.JobCommand.Create(),
};
return await CliErrors.InvokeAsync(root, args);
