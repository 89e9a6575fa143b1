using System.CommandLine;
using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Exports;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Storage;
using GtCustomPose.Storage;

namespace GtCustomPose.Cli;

/// <summary><c>gtpose export coco|yolo|review</c>: labels to training data and to a page for people.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var export = new Command(
            "export", "Export an output manifest: COCO or YOLO pose for training, or a review page.");
        export.Subcommands.Add(CocoCommand());
        export.Subcommands.Add(YoloCommand());
        export.Subcommands.Add(ExportReviewCommand.Create());
        return export;
    }

    private static Command CocoCommand()
    {
        var manifest = SharedOptions.Manifest();
        var attribute = SharedOptions.LabelAttribute();
        var outFile = OutOption();
        var rig = SharedOptions.Rig();
        var includeReview = IncludeReviewOption();
        var store = SharedOptions.Store();
        var endpoint = SharedOptions.Endpoint();
        var coco = new Command("coco", "Output manifest to COCO keypoints JSON (mmpose, detectron2).")
            { manifest, attribute, outFile, rig, includeReview, store, endpoint };
        coco.SetAction((result, cancellationToken) => CliErrors.RunAsync(async () =>
        {
            var theRig = RigFiles.Load(result.GetValue(rig));
            var objects = Stores.OpenOrNull(result.GetValue(store), result.GetValue(endpoint));
            var problems = new ProblemLog();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await using var input = await ManifestInput.OpenAsync(
                result.GetValue(manifest)!, objects, cancellationToken);
            var labels = new LabelReader(input, result.GetValue(attribute)!, problems, skeletonsOnly: theRig);
            var path = result.GetValue(outFile)!.FullName;
            ExportResult r;
            try
            {
                await using var output = new FileStream(
                    path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                r = CocoExporter.Export(labels, theRig, result.GetValue(includeReview), output);
            }
            catch
            {
                // A half-written file is no dataset.
                File.Delete(path);
                throw;
            }
            if (labels.AttributeAbsent) { File.Delete(path); throw new UserError(labels.AttributeAbsentMessage()); }
            PrintProblems(problems);
            Console.WriteLine($"{r.Images} images, {r.Skeletons} skeletons written to {path}; "
                + $"{r.ExcludedForReview} objects needing review left " +
                  $"out{ReviewHint(r.ExcludedForReview, result.GetValue(includeReview))}; "
                + $"{Summary(labels, problems)} ({Rate(labels.BytesRead, clock.Elapsed)})");
            return 0;
        }));
        return coco;
    }

    private static Command YoloCommand()
    {
        var manifest = new Option<string?>("--manifest")
        {
            Description = "Output manifest (JSON Lines): a local file or an s3:// URI.",
        };
        var splitManifests = new Option<string?>("--split-manifests")
        {
            Description = "Comma-separated manifests, one per split, named by file " +
                          "(train.manifest,val.manifest,test.manifest), "
                + "e.g. from `gtpose manifest split`. With --manifest they only select its lines by source-ref.",
        };
        var attribute = SharedOptions.LabelAttribute();
        var force = SharedOptions.Force();
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Dataset folder to write.", Required = true };
        var images = new Option<DirectoryInfo?>("--images")
        {
            Description = "Local folder holding the images (by S3 key, or by file name): each is linked into " +
                          "images/SPLIT/.",
        };
        var rig = SharedOptions.Rig();
        var includeReview = IncludeReviewOption();
        var store = SharedOptions.Store();
        var endpoint = SharedOptions.Endpoint();
        var yolo = new Command(
            "yolo", "Output manifest to the Ultralytics YOLO pose layout: labels/, image lists, data.yaml.")
            { manifest, splitManifests, attribute, outDir, force, images, rig, includeReview, store, endpoint };
        yolo.SetAction((result, cancellationToken) => CliErrors.RunAsync(() => YoloExport.RunAsync(
            new YoloExport.Arguments(
                result.GetValue(manifest), result.GetValue(splitManifests), result.GetValue(attribute)!,
                result.GetValue(outDir)!, result.GetValue(images), RigFiles.Load(result.GetValue(rig)),
                result.GetValue(includeReview), Stores.OpenOrNull(result.GetValue(store), result.GetValue(endpoint)),
                result.GetValue(force)),
            cancellationToken)));
        return yolo;
    }

    internal static Option<bool> IncludeReviewOption() =>
        new("--include-needs-review")
        {
            Description = "Also export objects whose label needs review (left out by default).",
        };

    internal static string ReviewHint(int excluded, bool included) =>
        excluded > 0 && !included ? " (--include-needs-review adds them)" : "";

    internal static string Summary(LabelReader labels, ProblemLog problems) =>
        $"{labels.Lines} lines read, {labels.MissingAttribute} without '{labels.LabelAttribute}', {problems.Count} " +
        $"problems";

    internal static string Rate(long bytes, TimeSpan elapsed) =>
        $"{bytes / 1e6:0.#} MB in {elapsed.TotalSeconds:0.0} s";

    internal static void PrintProblems(ProblemLog problems)
    {
        foreach (var p in problems.First) Console.Error.WriteLine(p);
        if (problems.Count > problems.First.Count) Console.Error.WriteLine(
            $"... and {problems.Count - problems.First.Count} more problems");
    }

    private static Option<FileInfo> OutOption() => new("--out") { Description = "File to write.", Required = true };
}
