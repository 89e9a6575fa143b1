using System.Globalization;
using GtCustomPose.Cli.Jobs;

namespace GtCustomPose.Cli;

/// <summary>What <c>gtpose run-job</c> prints when the job is done: the figures, where things are, and what to run next.</summary>
internal static class RunJobSummary
{
    public static void Print(JobSummary s, JobOptions options, string? storeDir, string? endpoint, TextWriter? output = null)
    {
        var w = output ?? Console.Out;
        var c = CultureInfo.InvariantCulture;
        var reasons = s.ReviewReasons.Count > 0 ? " (" + string.Join(", ", s.ReviewReasons.Select(r => $"{r.Key}: {r.Value}")) + ")" : "";
        w.WriteLine($"Labeling job '{s.JobName}' finished");
        w.WriteLine($"  objects            {s.Objects} ({s.HumanTasks} sent to workers, {s.Skipped} skipped, {s.Failed} failed)");
        w.WriteLine($"  answers            {s.Answers} from {s.Workers} workers");
        w.WriteLine($"  labeled            {s.Labeled} in {s.ConsolidationBatches?.Count ?? 0} consolidation requests");
        w.WriteLine(string.Create(c, $"  mean agreement     {(s.MeanAgreement is { } a ? a.ToString("F3", c) : "n/a")} (OKS of workers to the consensus)"));
        if (s.MeanOksVsTruth is { } oks) w.WriteLine(string.Create(c, $"  mean OKS vs truth  {oks:F3} (simulated workers on known keypoints)"));
        w.WriteLine($"  needs review       {s.NeedsReview}{reasons}");
        w.WriteLine($"  output manifest    {s.OutputManifest}");
        w.WriteLine($"  task pages         {s.TasksFolder}");
        w.WriteLine($"  failures           {s.Failures}");
        w.WriteLine($"  store              {storeDir ?? endpoint ?? "S3"}");
        w.WriteLine($"  job output         {s.JobOutput}");
        w.WriteLine();
        w.WriteLine("Next:");
        foreach (var line in NextCommands(s, options, storeDir, endpoint)) w.WriteLine($"  {line}");
    }

    /// <summary>The exports and the re-consolidation of this job, with its label attribute and store.</summary>
    public static IEnumerable<string> NextCommands(JobSummary s, JobOptions options, string? storeDir, string? endpoint)
    {
        var attribute = Common.Shell(options.LabelAttribute);
        var manifest = Common.Shell(s.OutputManifest);
        var outDir = options.OutDir;
        var where = storeDir is not null ? $" --store {Common.Shell(storeDir)}"
            : !string.IsNullOrEmpty(endpoint) ? $" --s3-endpoint {Common.Shell(endpoint)}" : "";
        var layout = new JobLayout(options.OutputBucket, options.JobName);
        yield return $"gtpose export coco --manifest {manifest} --label-attribute {attribute} --out {Common.Shell(Path.Combine(outDir, "coco.json"))}";
        yield return $"gtpose export review --manifest {manifest} --label-attribute {attribute} --out {Common.Shell(Path.Combine(outDir, "review.html"))}" +
            $"{where} --worker-responses {layout.WorkerResponses}";
        yield return $"gtpose workflow reconsolidate --manifest {Common.Shell(options.Manifest)} --job-output {layout.JobOutput} " +
            $"--label-attribute {attribute} --out {Common.Shell(Path.Combine(outDir, "reconsolidated.manifest"))}{where}";
    }
}
