using System.Globalization;
using System.Text;
using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Core.Workflow;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// The label → audit → merge workflow on the simulator: level 1 with simulated workers (noise and facing pooled
/// over the job), route, a simulated expert auditor as the level-2 job (one answer, audit mode), merge. Prints mean
/// OKS and the share of objects below OKS 0.8 before and after the audit, the share audited, and the QA
/// estimate against the true residual rate (what the same auditor would have changed materially among the
/// objects nobody audited).
/// </summary>
internal static class WorkflowBenchmark
{
    private const string Attribute = "pose", AuditAttribute = "pose-audit";

    /// <summary>One simulated run: the level-1 and final scores against the truth, the route, the report, and the
    /// true residual rate (what the shadow auditor would change materially among the unaudited labeled
    /// objects).</summary>
    public sealed record Outcome(
        double[] Before, double[] After, RouteSummary Route, MergeReport Report, int Unaudited, int WouldChange,
        int UnauditedBad, List<SimulatedObject> Batch, List<ConsolidatedLabel?> Level1,
        Dictionary<int, bool> Materially)
    {
        /// <summary>The share the auditor would change among the unaudited labeled objects (0 when none).</summary>
        public double TrueRate => Unaudited == 0 ? 0 : (double)WouldChange / Unaudited;

        /// <summary>Objects a re-label job gave more answers before the audit.</summary>
        public int Relabeled { get; init; }
    }

    public static async Task<int> Run(int objects, int seed, double sampleRate, int workers = 3,
        ConsolidationOptions? thresholds = null, double maxAuditShare = 1, SimulationSettings? crowd = null)
    {
        var rig = Rig.Coco17;
        var (before, after, route, report, unaudited, wouldChange, unauditedBad, batch, level1, materially) =
            await Execute(objects, seed, sampleRate, workers, thresholds, maxAuditShare, crowd);
        var trueRate = unaudited == 0 ? 0 : (double)wouldChange / unaudited;
        var qa = report.ResidualErrorEstimate;
        var residual = report.Residual!;
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(
            c,
            $"Workflow: {objects} simulated objects (1-3 people), {workers} workers, seed {seed}, " +
            $"QA sample rate {sampleRate:P1}, audit capped at {maxAuditShare:P1}"));
        Console.WriteLine();
        Console.WriteLine("| | mean OKS | objects below OKS 0.8 | audited |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(string.Create(
            c,
            $"| level 1 | {before.Average():F3} | {Share(before.Count(s => s < 0.8), objects)} | |"));
        Console.WriteLine(string.Create(
            c,
            $"| after audit | {after.Average():F3} | {Share(after.Count(s => s < 0.8), objects)} | " +
            $"{Share(report.Audited, objects)} |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(
            c,
            $"routed {route.Selected}: flagged {route.Flagged}, no label {route.NoLabel}, " +
            $"QA sample {route.Sampled}, flagged over the cap {route.OverBudget}; " +
            $"changed materially {report.ChangedMaterially}; " +
            $"verdict precision {Pct(report.VerdictPrecision.Rate)} " +
            $"({report.VerdictPrecision.Successes}/{report.VerdictPrecision.Trials})"));
        Console.WriteLine(string.Create(
            c,
            $"QA estimate of the residual error rate: {Pct(qa.Rate)} ({qa.Successes}/{qa.Trials}), " +
            $"95% Wilson [{qa.Low:P2}, {qa.High:P2}] on the sample alone; with every unaudited object's p_wrong " +
            $"{Pct(residual.Rate)} [{Pct(residual.Low)}, {Pct(residual.High)}], width {Pct(residual.Width)}"));
        Console.WriteLine(string.Create(
            c,
            $"true residual rate among the {unaudited} unaudited: {trueRate:P2} " +
            $"({wouldChange} the auditor would change materially; {unauditedBad} below OKS 0.8)"));
        PrintReasons(level1, before, materially);
        AuditCeiling.Print(batch, level1, before, rig);
        var covered = trueRate >= (residual.Low ?? 0) && trueRate <= (residual.High ?? 1);
        var met = after.Count(s => s < 0.8) <= 0.01 * objects && report.Audited <= 0.15 * objects && covered;
        Console.WriteLine(met
            ? "Targets met (<= 1% below OKS 0.8 after the audit, <= 15% audited, interval covers the true rate)."
            : "A target is missed.");
        return met ? 0 : 1;
    }

    /// <summary>Simulates level 1, route, the audit and merge; scores both against the truth.</summary>
    /// <param name="relabel">Before the audit, the share of objects (the highest p_wrong first) that a re-label job
    /// gives <see cref="RelabelWorkers"/> more answers, every answer then consolidated together; null for no re-label
    /// level. With a share (0 too) every object is simulated with the extra answers, level 1 seeing the first
    /// <paramref name="workers"/>, so shares compare on the same crowd.</param>
    /// <param name="auto">With a <paramref name="relabel"/> share: re-label only when <see cref="AutoSecondLevel"/>
    /// says the audit alone would leave flagged labels unaudited (<c>--second-level auto</c>), the share it chooses
    /// from <paramref name="relabel"/> up to <paramref name="maxRelabel"/>.</param>
    /// <param name="maxRelabel">With <paramref name="auto"/>: the most it re-labels.</param>
    public static async Task<Outcome> Execute(int objects, int seed, double sampleRate, int workers = 3,
        ConsolidationOptions? thresholds = null, double maxAuditShare = 1, SimulationSettings? crowd = null,
        double? relabel = null, bool auto = false, double maxRelabel = RouteOptions.DefaultMaxRelabelShare)
    {
        var rig = Rig.Coco17;
        var drawn = workers + (relabel is null ? 0 : RelabelWorkers);
        var settings = (crowd ?? new SimulationSettings()) with { WorkersPerObject = drawn };
        var sim = new WorkerSimulator(rig, settings, seed);
        var batch = sim.Generate(objects);
        var parsed = batch
            .Select(o => (IReadOnlyList<WorkerAnswer>)o.Answers
                .Select(a => AnswerParser.Parse(a.WorkerId, a.Content, rig))
                .ToList())
            .ToList();
        var first = parsed.Select(p => (IReadOnlyList<WorkerAnswer>)p.Take(workers).ToList()).ToList();
        var level1 = PooledOptions.Consolidate(first, rig, thresholds);
        var original = level1;
        var routeOptions = new RouteOptions
        {
            LabelAttribute = Attribute, SampleRate = sampleRate, Seed = seed, MaxAuditShare = maxAuditShare,
        };
        if (auto && relabel is not null)
        {
            var lines = string.Join('\n', batch.Select((o, i) => Line(o.ImageUri, level1[i], "level1-job")));
            var auditOnly = await AuditRouter.RouteAsync(new StringReader(lines), TextWriter.Null, routeOptions);
            var choice = AutoSecondLevel.Choose(
                auditOnly, share: relabel.Value, maxShare: Math.Max(maxRelabel, relabel.Value));
            relabel = choice.Relabel ? choice.Share : 0;
        }
        var relabeled = 0;
        if (relabel is { } share)
        {
            // Route's re-label order: no label first, then by p_wrong; the pooled job's statistics cover both jobs.
            var routedForRelabel = Enumerable.Range(0, objects)
                .OrderByDescending(i => RelabelBenchmark.Doubt(level1[i])).ThenBy(i => i)
                .Take((int)Math.Floor(share * objects)).ToHashSet();
            relabeled = routedForRelabel.Count;
            level1 = PooledOptions.Consolidate(
                parsed.Select((p, i) => routedForRelabel.Contains(i) ? p : first[i]).ToList(), rig, thresholds);
        }
        var l1Lines = batch.Select((o, i) => Line(o.ImageUri, level1[i], "level1-job")).ToList();

        var auditManifest = new StringWriter();
        var route = await AuditRouter.RouteAsync(
            new StringReader(string.Join('\n', l1Lines)), auditManifest, routeOptions);
        var auditor = new SimulatedAuditor(rig, seed + 1);
        var l2Lines = new List<string>();
        var routed = new HashSet<int>();
        var materially = new Dictionary<int, bool>();
        foreach (var text in auditManifest.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(text);
            var index = doc.RootElement.GetProperty(AuditHint.Key).GetProperty("line").GetInt32() - 1;
            routed.Add(index);
            var o = batch[index];
            var (answer, audited) = Expert.Audit(auditor, level1[index], o, rig);
            l2Lines.Add(WithAudit(text, audited));
            materially[index] = !answer.NoChangesNeeded && level1[index] is { } l1 && audited is not null
                && LabelComparison.Compare(l1, audited, rig).Material();
        }

        var final = new StringWriter();
        var report = await WorkflowMerger.MergeAsync(
            new StringReader(string.Join('\n', l1Lines)),
            new StringReader(string.Join('\n', l2Lines)),
            final,
            TextWriter.Null,
            new MergeOptions { LabelAttribute = Attribute, AuditLabelAttribute = AuditAttribute, Rig = rig });
        var finalLabels = final.ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => JsonDocument.Parse(t).RootElement
                .GetProperty(Attribute)
                .Deserialize(CoreJsonContext.Default.ConsolidatedLabel))
            .ToList();

        var before = original.Select((l, i) => Score(batch[i], l, rig)).ToArray();
        var after = finalLabels.Select((l, i) => Score(batch[i], l, rig)).ToArray();
        // The truth behind the QA estimate: what the same expert would have changed materially where nobody looked.
        var shadow = new SimulatedAuditor(rig, seed + 2);
        int unaudited = 0, wouldChange = 0, unauditedBad = 0;
        for (var i = 0; i < objects; i++)
        {
            if (routed.Contains(i) || level1[i] is not { } l) continue;
            unaudited++;
            if (Score(batch[i], l, rig) < 0.8) unauditedBad++;
            var answer = shadow.Audit(l, batch[i].Truth, batch[i].ImageSize);
            if (answer.NoChangesNeeded) continue;
            var audited = Consolidator.Consolidate([AnswerParser.Parse("auditor", answer.Content, rig)], rig)!;
            if (LabelComparison.Compare(l, audited, rig).Material()) wouldChange++;
        }
        return new Outcome(before, after, route, report, unaudited, wouldChange, unauditedBad, batch, level1,
            materially) { Relabeled = relabeled };
    }

    /// <summary>More crowd answers per re-labeled object (the re-label level's default).</summary>
    public const int RelabelWorkers = 3;

    /// <summary>Per review reason: how often it flags, alone or with others, and how often the auditor then changed
    /// the label materially — which reasons earn their audits.</summary>
    private static void PrintReasons(
        IReadOnlyList<ConsolidatedLabel?> level1, double[] before, Dictionary<int, bool> materially)
    {
        var rows = new SortedDictionary<string, (int Flagged, int Alone, int Changed, int AloneChanged, int Bad)>(
            StringComparer.Ordinal);
        for (var i = 0; i < level1.Count; i++)
        {
            if (level1[i] is not { NeedsReview: true } l) continue;
            var changed = materially.GetValueOrDefault(i);
            foreach (var reason in l.ReviewReasons)
            {
                var r = rows.GetValueOrDefault(reason);
                var alone = l.ReviewReasons.Count == 1;
                rows[reason] = (r.Flagged + 1, r.Alone + (alone ? 1 : 0), r.Changed + (changed ? 1 : 0),
                    r.AloneChanged + (alone && changed ? 1 : 0), r.Bad + (before[i] < 0.8 ? 1 : 0));
            }
        }
        Console.WriteLine();
        Console.WriteLine("| reason | flagged | changed materially | below OKS 0.8 | only reason | of those changed |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (reason, r) in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {reason} | {r.Flagged} | {r.Changed} | {r.Bad} | {r.Alone} | {r.AloneChanged} |"));
    }

    /// <summary>Whether the argument sets a habit of the simulated crowd (<see cref="Crowd"/>).</summary>
    public static bool IsCrowdHabit(string arg) =>
        arg.Split('=')[0] is "guess" or "mirror" or "outlier" or "swap" or "miss" or "careful" or "poor" or "careless"
            or "workforce" or "phantom" or "viewer";

    /// <summary>A crowd unlike the simulator's defaults, from <c>guess=0.6 mirror=0.12 outlier=0.06 swap=0.04
    /// miss=0.08 phantom=0.05</c> arguments (rates per hidden keypoint, skeleton, click, pair, person and answer),
    /// <c>careful=0.3 poor=0.3 careless=0.1 viewer=0.2</c> (shares of the workforce; <c>viewer</c>: workers who name
    /// left and right from their own side) and <c>workforce=N</c> (workers to draw from).</summary>
    public static SimulationSettings Crowd(IEnumerable<string> args) =>
        Settings(args, new SimulationSettings(), (s, key, value) => key switch
        {
            "guess" => s with { GuessOccluded = value },
            "mirror" => s with { MirrorSkeleton = value },
            "outlier" => s with { OutlierClick = value },
            "swap" => s with { SwapPair = value },
            "miss" => s with { MissInstance = value },
            "careful" => s with { CarefulShare = value },
            "poor" => s with { PoorShare = value },
            "careless" => s with { CarelessShare = value },
            "workforce" => s with { WorkforceSize = (int)value },
            "phantom" => s with { PhantomSkeleton = value },
            "viewer" => s with { ViewerSideShare = value },
            _ => throw new ArgumentException($"unknown crowd habit '{key}'"),
        });

    /// <summary>Review thresholds from <c>agreement=0.6 confidence=0.74 mean=0.85 sides=0.03 pwrong=0.15</c>
    /// arguments.</summary>
    public static ConsolidationOptions Thresholds(IEnumerable<string> args) =>
        Settings(args, new ConsolidationOptions(), (o, key, value) => key switch
        {
            "agreement" => o with { LowAgreementThreshold = value },
            "confidence" => o with { LowConfidenceThreshold = value },
            "mean" => o with { LowMeanConfidenceThreshold = value },
            "sides" => o with { SidesWrongThreshold = value },
            "pwrong" => o with { MaxPWrong = value },
            _ => throw new ArgumentException($"unknown threshold '{key}'"),
        });

    private static T Settings<T>(IEnumerable<string> args, T start, Func<T, string, double, T> set) =>
        args.Aggregate(start, (t, a) =>
            set(t, a.Split('=')[0], double.Parse(a.Split('=')[1], CultureInfo.InvariantCulture)));

    private static double Score(SimulatedObject o, ConsolidatedLabel? label, Rig rig) =>
        label is null ? 0 : Evaluation.MeanOks(o.Truth, RigArrays.ToArrays(label, rig), rig);

    private static string Line(string imageUri, ConsolidatedLabel? label, string job)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("source-ref", imageUri);
            if (label is not null)
            {
                w.WritePropertyName(Attribute);
                JsonSerializer.Serialize(w, label, CoreJsonContext.Default.ConsolidatedLabel);
                w.WriteStartObject(Attribute + "-metadata");
                w.WriteString("job-name", job);
                w.WriteEndObject();
            }
            else
            {
                w.WriteStartObject(Attribute + "-metadata");
                w.WriteString("job-name", job);
                w.WriteString("failure-reason", "no usable worker answer");
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string WithAudit(string auditLine, ConsolidatedLabel? audited)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(auditLine)!.AsObject();
        if (audited is not null)
            node[AuditAttribute] = JsonSerializer.SerializeToNode(audited, CoreJsonContext.Default.ConsolidatedLabel);
        node[AuditAttribute + "-metadata"] = new System.Text.Json.Nodes.JsonObject { ["job-name"] = "audit-job" };
        return node.ToJsonString();
    }

    private static string Share(int count, int total) =>
        string.Create(CultureInfo.InvariantCulture, $"{(double)count / total:P2} ({count})");

    private static string Pct(double? rate) => rate is { } r ? r.ToString("P2", CultureInfo.InvariantCulture) : "n/a";
}
