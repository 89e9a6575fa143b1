using System.Globalization;
using GtCustomPose.Cli.Jobs;

namespace GtCustomPose.Cli;

/// <summary>What <c>gtpose run-job</c> prints when done: the figures, where things are, what to run next.</summary>
internal static class RunJobSummary
{
    public static void Print(JobSummary s, JobOptions options, NextHints hints, TextWriter? output = null)
    {
        var w = output ?? Console.Out;
        var c = CultureInfo.InvariantCulture;
        var reasons = s.ReviewReasons.Count == 0 ? ""
            : " (" + string.Join(", ", s.ReviewReasons.Select(r => $"{r.Key}: {r.Value}")) + ")";
        var agreement = s.MeanAgreement is { } a ? a.ToString("F3", c) : "n/a";
        w.WriteLine($"Labeling job '{s.JobName}' finished");
        w.WriteLine($"  objects            {s.Objects} " +
            $"({s.HumanTasks} sent to workers, {s.Skipped} skipped, {s.Failed} failed)");
        w.WriteLine($"  answers            {s.Answers} from {s.Workers} workers");
        w.WriteLine($"  labeled            {s.Labeled} in {s.ConsolidationBatches?.Count ?? 0} consolidation requests");
        w.WriteLine($"  mean agreement     {agreement} (OKS of workers to the consensus)");
        if (s.MeanOksVsTruth is { } oks)
            w.WriteLine(string.Create(c, $"  mean OKS vs truth  {oks:F3} (simulated workers on known keypoints)"));
        w.WriteLine($"  needs review       {s.NeedsReview}{reasons}");
        w.WriteLine($"  output manifest    {s.OutputManifest}");
        w.WriteLine($"  task pages         {s.TasksFolder}");
        w.WriteLine($"  failures           {s.Failures}");
        w.WriteLine($"  store              {hints.StoreDir ?? hints.Endpoint ?? "S3"}");
        w.WriteLine($"  job output         {s.JobOutput}");
        w.WriteLine();
        w.WriteLine("Next:");
        foreach (var line in NextCommands(s, options, hints)) w.WriteLine($"  {line}");
    }

    /// <summary>
    /// The exports and the re-consolidation of this job, with every option of the job's that they need again: its
    /// label attribute, rig, store and (for the re-consolidation) review thresholds.
    /// </summary>
    public static IEnumerable<string> NextCommands(JobSummary s, JobOptions options, NextHints hints)
    {
        var attribute = ShellWords.Quote(options.LabelAttribute);
        var manifest = ShellWords.Quote(s.OutputManifest);
        var rig = hints.RigFile is null ? "" : $" --rig {ShellWords.Quote(hints.RigFile)}";
        var where = hints.StoreDir is not null ? $" --store {ShellWords.Quote(hints.StoreDir)}"
            : hints.Endpoint is not null ? $" --s3-endpoint {ShellWords.Quote(hints.Endpoint)}" : "";
        var review = string.Concat(hints.Review.Select(r => " " + r));
        var layout = new JobLayout(options.OutputBucket, options.JobName);
        string In(string name) => ShellWords.Quote(Path.Combine(options.OutDir, name));
        yield return $"gtpose export coco --manifest {manifest} --label-attribute {attribute}{rig} " +
            $"--out {In("coco.json")}";
        yield return $"gtpose export review --manifest {manifest} --label-attribute {attribute}{rig} " +
            $"--out {In("review.html")}{where} --worker-responses {layout.WorkerResponses}";
        yield return $"gtpose workflow reconsolidate --manifest {ShellWords.Quote(options.Manifest)} " +
            $"--job-output {layout.JobOutput} --label-attribute {attribute}{rig}{review} " +
            $"--out {In("reconsolidated.manifest")}{where}";
    }
}

/// <summary>What the commands a job's summary suggests need of the job's options.</summary>
/// <param name="StoreDir">The local store folder; null for S3.</param>
/// <param name="Endpoint">The S3 endpoint, when not AWS's own.</param>
/// <param name="RigFile">The rig file the job used (--rig or GTPOSE_RIG_FILE); null for the COCO person.</param>
/// <param name="Review">The review thresholds given, as options (<c>--review-min-confidence 0.7</c>).</param>
internal sealed record NextHints(string? StoreDir, string? Endpoint, string? RigFile, IReadOnlyList<string> Review);
