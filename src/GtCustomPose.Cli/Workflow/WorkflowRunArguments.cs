using System.CommandLine;
using System.Globalization;
using GtCustomPose.Cli.Jobs;

namespace GtCustomPose.Cli.Workflow;

/// <summary>The options of <c>gtpose workflow run</c>, and their check: every usage error is found before anything
/// is written.</summary>
internal sealed class WorkflowRunArguments
{
    public Option<FileInfo?> Manifest { get; } = new("--manifest") { Description = "Input manifest (JSON Lines)." };

    public Option<bool> Sample { get; } = new("--sample")
    {
        Description = "Use the bundled sample: rendered figures with known keypoints.",
    };

    public Option<int> SampleSize { get; } = new("--sample-size")
    {
        Description = "Images in the sample.",
        DefaultValueFactory = _ => 40,
    };

    public Option<DirectoryInfo> Out { get; } = new("--out")
    {
        Description = "Output folder: level1/, audit/, audit-input.manifest, final.manifest, failures.jsonl, " +
                      "report.json.",
        Required = true,
    };

    public Option<bool> Force { get; } = SharedOptions.Force();
    public Option<string> LabelAttribute { get; } = SharedOptions.LabelAttribute("Level-1 label attribute");
    public Option<string> AuditLabelAttribute { get; } = SharedOptions.AuditLabelAttribute();

    public Option<FileInfo?> Answers { get; } = new("--answers")
    {
        Description = "Recorded level-1 answers (JSON Lines: source-ref or line, workerId, answer or content).",
    };

    public Option<int> SimulateWorkers { get; } = Workers(new("--simulate-workers")
    {
        Description = "Simulated workers per object at level 1 (1-9).",
        DefaultValueFactory = _ => 3,
    });

    public Option<FileInfo?> AuditAnswers { get; } = new("--audit-answers")
    {
        Description = "Recorded audit answers (line = line of audit-input.manifest); default: the simulated " +
                      "expert auditor.",
    };

    public Option<double> SampleRate { get; } = WorkflowOptions.SampleRate();
    public Option<double> MaxAuditShare { get; } = WorkflowOptions.MaxAuditShare();
    public Option<long> QaSeed { get; } = WorkflowOptions.QaSeed();
    public Option<double> TargetError { get; } = WorkflowOptions.TargetError();
    public Option<int> Seed { get; } = SharedOptions.Seed("the sample's figures, the simulated workers and auditor");

    public Option<string> JobName { get; } = new("--job-name")
    {
        Description = "Level-1 job name.",
        DefaultValueFactory = _ => "gtpose-level1",
    };

    public Option<string> AuditJobName { get; } = new("--audit-job-name")
    {
        Description = "Audit job name.",
        DefaultValueFactory = _ => "gtpose-audit",
    };

    public Option<string> SecondLevel { get; } = WorkflowOptions.RunSecondLevel();

    public Option<double> RelabelShare { get; } = WorkflowOptions.RelabelShare();

    public Option<double> MaxRelabelShare { get; } = WorkflowOptions.MaxRelabelShare();

    public Option<int> RelabelWorkers { get; } = Workers(new("--relabel-workers")
    {
        Description = "With --second-level relabel, relabel-audit or auto: simulated workers per re-labeled object " +
                      "(1-9).",
        DefaultValueFactory = _ => 3,
    });

    public Option<FileInfo?> Rig { get; } = SharedOptions.Rig();
    public Option<DirectoryInfo?> Store { get; } = SharedOptions.Store();
    public Option<string?> Endpoint { get; } = SharedOptions.Endpoint();

    public Option<string> OutputBucket { get; } = new("--output-bucket")
    {
        Description = "Bucket for answers and consolidation requests.",
        DefaultValueFactory = _ => "gtpose-local",
    };

    public Option<FileInfo?> Template { get; } = new("--template") { Description = InputFiles.TemplateHelp };

    /// <summary>The review thresholds as the consolidation function takes them (options, else its variables).</summary>
    public PostAnnotationOptions Review { get; } = new();

    public IEnumerable<Option> All =>
    [
        Manifest, Sample, SampleSize, Out, Force, LabelAttribute, AuditLabelAttribute, Answers, SimulateWorkers,
        AuditAnswers, SampleRate, MaxAuditShare, QaSeed, TargetError, Seed, JobName, AuditJobName, SecondLevel,
        RelabelShare, MaxRelabelShare, RelabelWorkers, Rig, Store, Endpoint,
        OutputBucket, Template, .. Review.Thresholds,
    ];

    /// <summary>The run's settings; a usage error (or a missing input) throws before anything is written.</summary>
    public WorkflowRunOptions Bind(ParseResult result)
    {
        var sample = result.GetValue(Sample);
        var manifest = result.GetValue(Manifest);
        if (sample && manifest is not null)
            throw new UsageError("--sample makes its own manifest, so --manifest would be ignored: give one of them");
        if (!sample && manifest is null)
            throw new UsageError("no input: give --manifest FILE (JSON Lines, one data object a line) or --sample");
        if (sample && result.GetValue(SampleSize) is var size and < 1)
            throw new UsageError($"--sample-size takes 1 or more images, not {size}");
        var (attribute, auditAttribute) = (result.GetValue(LabelAttribute)!, result.GetValue(AuditLabelAttribute)!);
        if (attribute == auditAttribute)
            throw new UsageError($"--label-attribute and --audit-label-attribute are both '{attribute}': the audit " +
                "would overwrite the level-1 label; give the audit its own");
        if (result.GetValue(JobName) == result.GetValue(AuditJobName))
            throw new UsageError($"--job-name and --audit-job-name are both '{result.GetValue(JobName)}': the two " +
                "jobs' outputs would mix in the store; give each its own");
        var level = WorkflowOptions.ParseSecondLevel(result.GetValue(SecondLevel));
        if (level == Workflow.SecondLevel.Relabel && result.GetValue(AuditAnswers) is not null)
            throw new UsageError("--audit-answers needs --second-level audit or relabel-audit: a re-label job has no " +
                "auditor");
        if (level is not (Workflow.SecondLevel.RelabelThenAudit or Workflow.SecondLevel.Auto)
            && result.GetResult(RelabelShare) is { Implicit: false })
            throw new UsageError("--relabel-share needs --second-level relabel-audit or auto: only those re-label a " +
                "share before the audit");
        if (level != Workflow.SecondLevel.Auto && result.GetResult(MaxRelabelShare) is { Implicit: false })
            throw new UsageError("--max-relabel-share needs --second-level auto: only auto chooses how much to " +
                "re-label");
        if (result.GetValue(MaxRelabelShare) < result.GetValue(RelabelShare) && level == Workflow.SecondLevel.Auto)
            throw new UsageError(string.Create(CultureInfo.InvariantCulture,
                $"--max-relabel-share is {result.GetValue(MaxRelabelShare)}, below --relabel-share " +
                $"({result.GetValue(RelabelShare)}): auto re-labels at least the one and at most the other"));
        var dir = result.GetValue(Out)!.FullName;
        var endpoint = Stores.Endpoint(result.GetValue(Endpoint));
        var (store, _) = Stores.ForJob(result.GetValue(Store), endpoint, Path.Combine(dir, "store"));
        // Level 1 is never an audit job, whatever GTPOSE_AUDIT_MODE says; the workflow sets it on the audit job.
        var consolidation = Review.Consolidation(result) with { AuditMode = false };
        return new WorkflowRunOptions
        {
            Manifest = manifest is null ? Path.Combine(dir, "input.manifest") : InputFiles.Existing(manifest,
                "--manifest", "manifest file"),
            SampleSize = sample ? result.GetValue(SampleSize) : null,
            OutDir = dir,
            Rig = RigFiles.Load(result.GetValue(Rig)),
            Store = store,
            // Task pages live one folder below each job's folder: DIR/<job>/tasks/.
            GrantReadAccess = uri => Stores.TaskPageUrl(uri, store, Path.Combine(dir, "level1", "tasks"), endpoint),
            TemplateFile = InputFiles.Template(result.GetValue(Template)),
            LabelAttribute = attribute,
            AuditLabelAttribute = auditAttribute,
            JobName = result.GetValue(JobName)!,
            AuditJobName = result.GetValue(AuditJobName)!,
            OutputBucket = result.GetValue(OutputBucket)!,
            AnswersFile = InputFiles.ExistingOrNull(result.GetValue(Answers), "--answers", "answers file"),
            SimulateWorkers = result.GetValue(SimulateWorkers),
            Seed = result.GetValue(Seed),
            SampleRate = result.GetValue(SampleRate),
            MaxAuditShare = result.GetValue(MaxAuditShare),
            RouteSeed = result.GetValue(QaSeed),
            TargetError = result.GetValue(TargetError),
            AuditAnswersFile = InputFiles.ExistingOrNull(
                result.GetValue(AuditAnswers), "--audit-answers", "answers file"),
            Consolidation = consolidation,
            SecondLevel = level,
            RelabelWorkers = result.GetValue(RelabelWorkers),
            RelabelShare = result.GetValue(RelabelShare),
            MaxRelabelShare = result.GetValue(MaxRelabelShare),
        };
    }

    /// <summary>What a run writes into --out and into the store.</summary>
    public static OutputClaim Outputs(WorkflowRunOptions o) => new(
        o.OutDir,
        [
            "level1", "audit", "audit-input.manifest", "audit-answers.jsonl", "level1r.manifest",
            "level1r.manifest.failures.jsonl", "relabel", "relabel-input.manifest", "pooled.manifest",
            "pooled.manifest.failures.jsonl", "final.manifest", "failures.jsonl", "report.json",
            .. o.SampleSize is null ? Array.Empty<string>() : ["input.manifest"],
        ],
        "run")
    {
        Store = o.Store,
        Jobs =
        [
            new JobLayout(o.OutputBucket, o.JobName), new JobLayout(o.OutputBucket, o.AuditJobName),
            new JobLayout(o.OutputBucket, o.RelabelJobName),
        ],
    };

    private static Option<int> Workers(Option<int> option) => option.Check(n => n is >= 1 and <= 9 ? null
        : $"{option.Name} takes 1 to 9 workers per object (Ground Truth's range), not {n}");
}
