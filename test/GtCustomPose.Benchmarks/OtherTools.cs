using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Interop;
using GtCustomPose.Core.Jobs;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;
using GtCustomPose.Testing;

namespace GtCustomPose.Benchmarks;

/// <summary>
/// <c>other-tools-quality</c>: the same simulated answers consolidated three ways, scored on the simulator's truth:
/// the Ground Truth path (a job's worker responses, re-consolidated at job level as <c>workflow reconsolidate</c>
/// does), <c>gtpose consolidate</c> on per-annotator COCO and CVAT files of those answers, and a CVAT-style medoid
/// merge (<see cref="MedoidMerge"/>).
/// </summary>
internal static class OtherTools
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static async Task<int> Quality(int objects, int workers, int seed, int maxPeople, SimulationSettings crowd)
    {
        var rig = Rig.Coco17;
        var store = new InMemoryStore();
        var layout = JobOutputLayout.Parse("s3://bench/out/level1/");
        var settings = crowd with { WorkersPerObject = workers, WorkforceSize = 30, MaxInstances = maxPeople };
        var job = await SimulatedJob.WriteAsync(store, layout, objects, settings, seed);
        var simulated = job.Objects.Select(o => o!).ToList();
        Console.WriteLine(string.Create(C,
            $"{objects} images x {workers} annotators (of 30), 1-{maxPeople} people, seed {seed}; guess " +
            $"{settings.GuessOccluded}, mirror {settings.MirrorSkeleton}, outlier {settings.OutlierClick}, swap " +
            $"{settings.SwapPair}, miss {settings.MissInstance}"));
        Console.WriteLine("| labels from | mean OKS vs truth | images below OKS 0.8 | need review |");
        Console.WriteLine("|---|---|---|---|");

        var output = new MemoryStream();
        await new JobReconsolidator(store, layout, rig).RunAsync(
            _ => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(job.Manifest))), output, Stream.Null);
        var gt = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("pose").Clone()).ToList();
        var gtScores = simulated.Select((o, i) => Evaluation.MeanOks(o.Truth,
            (InstanceReader.Read(gt[i], rig, "label", []) ?? []).Select(p => RigArrays.ToArrays(p.Keypoints, rig))
                .ToList(), rig)).ToList();
        Row("Ground Truth path, job-level re-consolidation", gtScores,
            gt.Count(l => l.GetProperty("needs_review").GetBoolean()));

        using (var folder = new TempFolder("gtpose-other-tools"))
        {
            foreach (var format in new[] { ImportFormat.Coco, ImportFormat.Cvat, ImportFormat.LabelStudio })
            {
                var dir = Path.Combine(folder, format.ToString());
                Directory.CreateDirectory(dir);
                var files = format switch
                {
                    ImportFormat.Coco => ToolExports.WriteCoco(dir, simulated, rig),
                    ImportFormat.Cvat => ToolExports.WriteCvat(dir, simulated, rig),
                    _ => [ToolExports.WriteLabelStudio(Path.Combine(dir, "export.json"), simulated, rig)],
                };
                var clock = Stopwatch.StartNew();
                var (scores, flagged) = await Consolidate(format, files, simulated, rig);
                var name = format == ImportFormat.LabelStudio ? "label-studio" : format.ToString().ToLowerInvariant();
                Row($"gtpose consolidate --from {name} ({files.Count} files, " +
                    $"{clock.Elapsed.TotalSeconds:F1} s)", scores, flagged);
            }
        }
        var medoid = simulated.Select(o => Evaluation.MeanOks(o.Truth, MedoidMerge.Merge(o, rig), rig)).ToList();
        Row("medoid merge (CVAT-style, our reimplementation)", medoid, null);
        Row("one annotator's answer as it is", simulated.Select(
            o => Evaluation.MeanOks(o.Truth, Baselines.FirstWorker(o, rig), rig)).ToList(), null);
        return 0;
    }

    /// <summary>Consolidates the files and scores the merged COCO file's people per image.</summary>
    public static async Task<(List<double> Scores, int Flagged)> Consolidate(
        ImportFormat format, IReadOnlyList<string> files, IReadOnlyList<SimulatedObject> objects, Rig rig)
    {
        using var session = ImportRun.Read(format, files);
        var used = ImportRig.Resolve(session, null);
        var merged = new MemoryStream();
        await ImportRun.ConsolidateAsync(session, used, null, merged, null);
        using var doc = JsonDocument.Parse(merged.ToArray());
        var keyOf = new Dictionary<long, int>();
        var flagged = 0;
        foreach (var image in doc.RootElement.GetProperty("images").EnumerateArray())
        {
            var name = image.GetProperty("file_name").GetString()!;
            keyOf[image.GetProperty("id").GetInt64()] = int.Parse(name[7..^4], C);
            if (image.GetProperty("needs_review").GetBoolean()) flagged++;
        }
        var predicted = objects.Select(_ => new List<(double[] X, double[] Y)>()).ToList();
        foreach (var a in doc.RootElement.GetProperty("annotations").EnumerateArray())
        {
            var kp = a.GetProperty("keypoints");
            double[] x = new double[rig.Count], y = new double[rig.Count];
            for (var k = 0; k < rig.Count; k++)
            {
                var placed = kp[3 * k + 2].GetInt32() > 0;
                x[k] = placed ? kp[3 * k].GetDouble() : double.NaN;
                y[k] = placed ? kp[3 * k + 1].GetDouble() : double.NaN;
            }
            predicted[keyOf[a.GetProperty("image_id").GetInt64()]].Add((x, y));
        }
        return (objects.Select((o, i) => Evaluation.MeanOks(o.Truth, predicted[i], rig)).ToList(), flagged);
    }

    private static void Row(string name, List<double> scores, int? flagged) =>
        Console.WriteLine(string.Create(C,
            $"| {name} | {scores.Average():F4} | {100.0 * scores.Count(s => s < 0.8) / scores.Count:F1}% | " +
            $"{(flagged is { } f ? $"{100.0 * f / scores.Count:F1}%" : "n/a")} |"));
}
