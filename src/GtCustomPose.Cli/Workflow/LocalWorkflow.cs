using System.Globalization;
using System.Text;
using System.Text.Json;
using GtCustomPose.Cli.Jobs;
using GtCustomPose.Core;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Core.Storage;
using GtCustomPose.Core.Workflow;

namespace GtCustomPose.Cli.Workflow;

/// <summary>Settings of a local run of the whole workflow.</summary>
internal sealed record WorkflowRunOptions
{
    public required string Manifest { get; init; }
    public required string OutDir { get; init; }
    public required Rig Rig { get; init; }
    public required IObjectStore Store { get; init; }
    public required Func<string, string> GrantReadAccess { get; init; }
    public required string TemplateFile { get; init; }
    /// <summary>With --sample: the images the command writes as the input before the run; null reads
    /// <see cref="Manifest"/>.</summary>
    public int? SampleSize { get; init; }
    public string LabelAttribute { get; init; } = LabelAttributes.Default;
    public string AuditLabelAttribute { get; init; } = LabelAttributes.DefaultAudit;
    public string JobName { get; init; } = "gtpose-level1";
    public string AuditJobName { get; init; } = "gtpose-audit";
    public string OutputBucket { get; init; } = "gtpose-local";
    public string? AnswersFile { get; init; }
    public int SimulateWorkers { get; init; } = 3;
    public int Seed { get; init; } = 7;
    public double SampleRate { get; init; } = RouteOptions.DefaultSampleRate;
    public double MaxAuditShare { get; init; } = RouteOptions.DefaultMaxAuditShare;
    public long RouteSeed { get; init; } = 1;
    public double TargetError { get; init; } = AuditAdvisor.DefaultTargetError;
    public string? AuditAnswersFile { get; init; }
    public ConsolidationOptions Consolidation { get; init; } = ConsolidationOptions.Default;
    /// <summary>What the routed objects get: an expert audit of the level-1 label, or more crowd workers.</summary>
    public SecondLevel SecondLevel { get; init; } = SecondLevel.Auto;
    /// <summary>With <see cref="SecondLevel.Relabel"/>: simulated workers per routed object.</summary>
    public int RelabelWorkers { get; init; } = 3;
    /// <summary>With <see cref="SecondLevel.RelabelThenAudit"/>: the share of objects re-labeled before the audit;
    /// with <see cref="SecondLevel.Auto"/>, the least when it re-labels.</summary>
    public double RelabelShare { get; init; } = RouteOptions.DefaultRelabelShare;
    /// <summary>With <see cref="SecondLevel.Auto"/>: the most it re-labels.</summary>
    public double MaxRelabelShare { get; init; } = RouteOptions.DefaultMaxRelabelShare;
    public string RelabelJobName { get; init; } = "gtpose-relabel";
    public string RelabelLabelAttribute { get; init; } = LabelAttributes.DefaultRelabel;
}

/// <summary>What the objects route chooses get at the second level.</summary>
internal enum SecondLevel
{
    /// <summary>An expert audit job chained to level 1 (the level-1 label as initial values), then merge.</summary>
    Audit,
    /// <summary>More crowd workers without initial values; every answer of both jobs consolidated together.</summary>
    Relabel,
    /// <summary>
    /// A re-label job on the most doubtful objects first, then the audit of the pooled labels: the crowd's answers
    /// are cheaper than an expert's, so the audit budget goes to what more workers did not settle.
    /// </summary>
    RelabelThenAudit,
    /// <summary>
    /// <see cref="RelabelThenAudit"/> when the audit budget leaves flagged labels unaudited, on more objects when
    /// they are expected to hold more wrong labels than the target allows (<see cref="AutoSecondLevel"/>);
    /// <see cref="Audit"/> otherwise.
    /// </summary>
    Auto,
}

/// <summary>What a local workflow run did.</summary>
internal sealed record WorkflowRunResult(JobSummary Level1, RouteSummary Route, JobSummary? Audit, MergeReport Report,
    MergePaths Paths, double? OksBefore, double? OksAfter, int? BelowBefore, int? BelowAfter)
{
    /// <summary>The re-label job, when the second level was one.</summary>
    public JobSummary? Relabel { get; init; }

    /// <summary>What the auto second level chose, with <see cref="SecondLevel.Auto"/>.</summary>
    public SecondLevelChoice? Choice { get; init; }
}

/// <summary>
/// The state machine's steps on this machine: level 1 through the local job runner, route, the audit job (chained to
/// level 1, in audit mode, answered by recorded answers or the simulated expert auditor), merge and report.
/// </summary>
internal sealed class LocalWorkflow(WorkflowRunOptions options, TextWriter progress)
{
    public async Task<WorkflowRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var o = options;
        Directory.CreateDirectory(o.OutDir);
        progress.WriteLine($"level 1: job '{o.JobName}'");
        var level1 = await new LocalJobRunner(Job(o.Manifest, "level1", o.LabelAttribute, o.JobName) with
        {
            AnswersFile = o.AnswersFile,
            SimulateWorkers = o.AnswersFile is null ? o.SimulateWorkers : 0,
            Consolidation = o.Consolidation,
        }, progress).RunAsync(cancellationToken).ConfigureAwait(false);
        var level1Manifest = await ReconsolidateAsync([], "level1r.manifest", cancellationToken).ConfigureAwait(false);

        var auditInput = Path.Combine(o.OutDir, "audit-input.manifest");
        var relabelInput = Path.Combine(o.OutDir, "relabel-input.manifest");
        JobSummary? audit = null, relabel = null;
        var merged = level1Manifest;
        SecondLevelChoice? choice = null;
        RouteSummary? auditOnly = null;
        var level = o.SecondLevel;
        if (level == SecondLevel.Auto)
        {
            auditOnly = await RouteAsync(level1Manifest, auditInput, relabel: false, o.MaxAuditShare,
                cancellationToken).ConfigureAwait(false);
            choice = AutoSecondLevel.Choose(auditOnly, o.TargetError, o.RelabelShare, o.MaxRelabelShare);
            progress.WriteLine($"second level auto: {choice.Reason}");
            // Recorded level-1 answers are a real crowd's: simulated re-label answers must not mix into their labels.
            if (choice.Relabel && o.AnswersFile is not null)
            {
                const string recorded = "the level-1 answers are recorded and this machine has no crowd for a " +
                    "re-label job, so it audits only (the state machine re-labels)";
                progress.WriteLine($"second level auto: {recorded}");
                choice = choice with { Relabel = false, Reason = $"{choice.Reason}; but {recorded}" };
            }
            level = choice.Relabel ? SecondLevel.RelabelThenAudit : SecondLevel.Audit;
        }
        RouteSummary route;
        if (level == SecondLevel.Audit)
            route = auditOnly ?? await RouteAsync(level1Manifest, auditInput, relabel: false, o.MaxAuditShare,
                cancellationToken).ConfigureAwait(false);
        else
        {
            var share = level == SecondLevel.Relabel ? o.MaxAuditShare : choice?.Share ?? o.RelabelShare;
            route = await RouteAsync(level1Manifest, relabelInput, relabel: true, share, cancellationToken)
                .ConfigureAwait(false);
            if (route.Selected > 0)
            {
                relabel = await RelabelAsync(relabelInput, cancellationToken).ConfigureAwait(false);
                merged = await ReconsolidateAsync(
                    [JobOutputLayout.Parse($"s3://{o.OutputBucket}/{o.RelabelJobName}/")], "pooled.manifest",
                    cancellationToken).ConfigureAwait(false);
            }
            // Then the audit budget on the pooled labels, as on their own: what more workers left doubtful goes first.
            if (level == SecondLevel.RelabelThenAudit)
                route = await RouteAsync(merged, auditInput, relabel: false, o.MaxAuditShare, cancellationToken)
                    .ConfigureAwait(false);
        }
        if (route.Selected > 0 && level != SecondLevel.Relabel)
        {
            var answers = o.AuditAnswersFile ?? await SimulateAuditAsync(
                auditInput, cancellationToken).ConfigureAwait(false);
            progress.WriteLine($"audit: job '{o.AuditJobName}'");
            audit = await new LocalJobRunner(Job(auditInput, "audit", o.AuditLabelAttribute, o.AuditJobName) with
            {
                AnswersFile = answers,
                ChainedLabelAttribute = o.LabelAttribute,
                Consolidation = o.Consolidation with { AuditMode = true },
            }, progress).RunAsync(cancellationToken).ConfigureAwait(false);
        }

        var paths = new MergePaths(
            Path.Combine(o.OutDir, "final.manifest"),
            Path.Combine(o.OutDir, "failures.jsonl"),
            Path.Combine(o.OutDir, "report.json"));
        var report = await WorkflowFiles.MergeAsync(merged, audit?.OutputManifest, paths,
            new MergeOptions
            {
                LabelAttribute = o.LabelAttribute,
                AuditLabelAttribute = o.AuditLabelAttribute,
                Rig = o.Rig,
                Level1JobName = o.JobName,
                AuditJobName = o.AuditJobName,
                TargetError = o.TargetError,
            },
            cancellationToken).ConfigureAwait(false);
        var before = Score(level1Manifest, o.Manifest);
        var after = Score(paths.Output, o.Manifest);
        return new WorkflowRunResult(
            level1, route, audit, report, paths, before?.Mean, after?.Mean, before?.Below, after?.Below)
        {
            Relabel = relabel,
            Choice = choice,
        };
    }

    /// <summary>
    /// Every object of the level-1 job consolidated again from its stored worker responses, statistics pooled over the
    /// whole job (as the state machine's Reconsolidate state does), so labels do not depend on how batches were cut.
    /// </summary>
    private async Task<string> ReconsolidateAsync(
        IReadOnlyList<JobOutputLayout> linked, string fileName, CancellationToken cancellationToken)
    {
        var o = options;
        var layout = JobOutputLayout.Parse($"s3://{o.OutputBucket}/{o.JobName}/");
        var settings = new ReconsolidationOptions
        {
            LabelAttribute = o.LabelAttribute,
            Consolidation = o.Consolidation,
            Log = _ => { },
        };
        var responses = await PooledResponseSource.OpenAsync(
                o.Store, layout, linked, o.Rig, settings, cancellationToken)
            .ConfigureAwait(false);
        var reconsolidator = new JobReconsolidator(responses, layout, o.Rig, settings);
        var path = Path.Combine(o.OutDir, fileName);
        ReconsolidationResult result;
        await using (var output = File.Create(path))
        await using (var failures = File.Create(path + ".failures.jsonl"))
            result = await reconsolidator.RunAsync(
                _ => Task.FromResult<Stream>(File.OpenRead(o.Manifest)), output, failures, cancellationToken)
                .ConfigureAwait(false);
        progress.WriteLine(
            $"re-consolidation: {result.Labeled} labeled, {result.Flagged} need review, {result.NoLabel} without a " +
            $"label");
        return path;
    }

    private JobOptions Job(string manifest, string folder, string attribute, string name) => new()
    {
        Manifest = manifest,
        OutDir = Path.Combine(options.OutDir, folder),
        Rig = options.Rig,
        Store = options.Store,
        GrantReadAccess = options.GrantReadAccess,
        TemplateFile = options.TemplateFile,
        LabelAttribute = attribute,
        JobName = name,
        OutputBucket = options.OutputBucket,
        Seed = options.Seed,
    };

    /// <summary>Route over <paramref name="manifest"/> (level 1, or the pooled labels), writing
    /// <paramref name="output"/> for the next job; the budget is <paramref name="share"/> of the objects.</summary>
    private async Task<RouteSummary> RouteAsync(string manifest, string output, bool relabel, double share,
        CancellationToken cancellationToken)
    {
        var o = options;
        var route = await WorkflowFiles.RouteAsync(manifest, output,
            new RouteOptions
            {
                LabelAttribute = o.LabelAttribute,
                SampleRate = o.SampleRate,
                MaxAuditShare = share,
                Seed = o.RouteSeed,
                SourceJob = o.JobName,
            }, relabel, cancellationToken).ConfigureAwait(false);
        progress.WriteLine(
            $"route: {route.Selected} of {route.Objects} to the {(relabel ? "re-label job" : "audit")}");
        if (route.SampleShortfall is { } shortfall) progress.WriteLine($"route: {shortfall}");
        return route;
    }

    private async Task<JobSummary> RelabelAsync(string relabelInput, CancellationToken cancellationToken)
    {
        var o = options;
        progress.WriteLine($"re-label: job '{o.RelabelJobName}', {o.RelabelWorkers} more workers per object");
        return await new LocalJobRunner(Job(relabelInput, "relabel", o.RelabelLabelAttribute, o.RelabelJobName) with
        {
            SimulateWorkers = o.RelabelWorkers,
            // Another draw of the simulated crowd: other workers than level 1's.
            Seed = o.Seed + 1000,
            Consolidation = o.Consolidation,
        }, progress).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The simulated expert's answers as recorded answers (<c>{"line", "workerId", "content"}</c>): against the line's
    /// known truth when it has one; without truth the expert can only confirm the label shown (no changes needed).
    /// </summary>
    private async Task<string> SimulateAuditAsync(string auditInput, CancellationToken cancellationToken)
    {
        var path = Path.Combine(options.OutDir, "audit-answers.jsonl");
        await WriteAuditAnswersAsync(
            auditInput, path, options.Rig, options.LabelAttribute, options.Seed + 1, cancellationToken)
            .ConfigureAwait(false);
        return path;
    }

    /// <summary>Writes the simulated expert's answer for each line of an audit manifest; returns how many.</summary>
    internal static async Task<int> WriteAuditAnswersAsync(
        string auditInput, string path, Rig rig, string labelAttribute, int seed, CancellationToken cancellationToken)
    {
        var auditor = new SimulatedAuditor(rig, seed);
        var lines = new List<string>();
        var number = 0;
        foreach (var text in await File.ReadAllLinesAsync(auditInput, cancellationToken).ConfigureAwait(false))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            using var doc = JsonDocument.Parse(text);
            var label = Label(doc.RootElement, labelAttribute);
            var truth = Truth(doc.RootElement, rig);
            if (truth is null && label is null) continue;
            var (instances, size) = truth ?? (FromLabel(label!, rig), label!.ImageSize ?? new ImageSize(1280, 720));
            var answer = auditor.Audit(label, instances, size);
            var content = JsonSerializer.Serialize(answer.Content, Json.CliJsonContext.Default.String);
            lines.Add(
                $$"""{"line": {{number}}, "workerId": "private.us-west-2.expert-auditor", "content": {{content}}}""");
        }
        await File.WriteAllLinesAsync(path, lines, cancellationToken).ConfigureAwait(false);
        return lines.Count;
    }

    private static List<TruthInstance> FromLabel(ConsolidatedLabel label, Rig rig) => label.Instances.Select(i =>
    {
        var (x, y) = RigArrays.ToArrays(i.Keypoints.Select(k => new Keypoint(k.Label, k.X, k.Y)), rig);
        return new TruthInstance(x, y, x.Select(v => !double.IsNaN(v)).ToArray());
    }).ToList();

    private static ConsolidatedLabel? Label(JsonElement line, string attribute)
    {
        if (!line.TryGetProperty(attribute, out var value) || value.ValueKind != JsonValueKind.Object) return null;
        try { return value.Deserialize(CoreJsonContext.Default.ConsolidatedLabel); }
        catch (JsonException) { return null; }
    }

    /// <summary>A line's known truth (the sample's <c>gtpose-truth</c>): placed keypoints are the visible
    /// ones.</summary>
    private static (List<TruthInstance> Instances, ImageSize Size)? Truth(JsonElement line, Rig rig)
    {
        if (!line.TryGetProperty(SampleData.TruthKey, out var t)) return null;
        var size = t.TryGetProperty("image_size", out var s)
            ? new ImageSize(s.GetProperty("width").GetInt32(), s.GetProperty("height").GetInt32())
            : new ImageSize(1280, 720);
        var instances = (InstanceReader.Read(t, rig, SampleData.TruthKey, []) ?? []).Select(i =>
        {
            var (x, y) = RigArrays.ToArrays(i.Keypoints, rig);
            return new TruthInstance(x, y, x.Select(v => !double.IsNaN(v)).ToArray());
        }).ToList();
        return (instances, size);
    }

    /// <summary>Mean OKS against the input's truth and objects below OKS 0.8 (an object without a label scores 0); null
    /// without truth.</summary>
    private (double Mean, int Below)? Score(string labeled, string input)
    {
        var truth = new Dictionary<string, List<TruthInstance>>(StringComparer.Ordinal);
        foreach (var text in File.ReadLines(input))
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.TryGetProperty("source-ref", out var r) && Truth(
                doc.RootElement, options.Rig) is { } t) truth[r.GetString()!] =
                t.Instances;
        }
        if (truth.Count == 0) return null;
        var scores = truth.ToDictionary(kv => kv.Key, _ => 0.0, StringComparer.Ordinal);
        foreach (var text in File.ReadLines(labeled))
        {
            using var doc = JsonDocument.Parse(text);
            if (!doc.RootElement.TryGetProperty("source-ref", out var r) || !truth.TryGetValue(
                r.GetString()!, out var t)) continue;
            if (Label(doc.RootElement, options.LabelAttribute) is { } label)
                scores[r.GetString()!] = Evaluation.MeanOks(t, RigArrays.ToArrays(label, options.Rig), options.Rig);
        }
        return (scores.Values.Average(), scores.Values.Count(s => s < 0.8));
    }

    public static void Print(WorkflowRunResult r)
    {
        var c = CultureInfo.InvariantCulture;
        // The flagged count is the labels routed to the audit and merged (pooled after a re-label job), not level 1's
        // batches': it ends the line, after every job, so it reads as the summary's "flagged".
        var jobs = new List<string>();
        if (r.Relabel is { } l) jobs.Add($"re-label '{l.JobName}' ({l.Objects} objects)");
        if (r.Audit is { } a) jobs.Add($"audit '{a.JobName}' ({a.Objects} objects)");
        Console.WriteLine($"Workflow finished: level 1 '{r.Level1.JobName}' ({r.Level1.Objects} objects), " +
                          (jobs.Count == 0 ? "nothing to audit" : string.Join(", then ", jobs)) +
                          $"; {r.Report.Flagged} flagged");
        if (r.Choice is { } choice) Console.WriteLine($"  second level       auto: {choice.Reason}");
        if (r.Relabel is { } relabel && r.Level1.Objects > 0)
            Console.WriteLine(
                string.Create(
                    c,
                    $"  cost               {(double)(r.Level1.Answers + relabel.Answers) / r.Level1.Objects:F2} " +
                    $"answers per object, {100.0 * relabel.Objects / r.Level1.Objects:F1}% of objects re-labeled"));
        if (r.OksBefore is { } b && r.OksAfter is { } af)
            Console.WriteLine(
                string.Create(
                    c,
                    $"  mean OKS vs truth  {b:F3} -> {af:F3} " +
                    $"(objects below OKS 0.8: {r.BelowBefore} -> {r.BelowAfter})"));
        var folder = Path.GetDirectoryName(r.Paths.Output)!;
        if (r.Relabel is not null)
            Console.WriteLine($"  re-label input     {Path.Combine(folder, "relabel-input.manifest")}");
        if (r.Relabel is null || r.Audit is not null)
            Console.WriteLine($"  audit input        {Path.Combine(folder, "audit-input.manifest")}");
        WorkflowSummaries.Print(r.Report, r.Paths);
    }
}
