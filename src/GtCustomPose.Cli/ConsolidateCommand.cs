using System.CommandLine;
using System.Diagnostics;
using GtCustomPose.Core;
using GtCustomPose.Core.Exports;
using GtCustomPose.Core.Interop;

namespace GtCustomPose.Cli;

/// <summary>
/// <c>gtpose consolidate</c>: other labeling tools' multi-annotator exports (COCO Keypoints per annotator, CVAT replica
/// jobs, Label Studio) consolidated with the Ground Truth path's engine into one COCO file, optionally an output
/// manifest and a job report.
/// </summary>
internal static class ConsolidateCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from")
        {
            Description = "The files' format: coco (one COCO Keypoints file per annotator), cvat (CVAT for images " +
                          "1.1 XML, one per replica job) or label-studio (a Label Studio JSON export).",
            Required = true,
        };
        var inputs = new Argument<string[]>("FILE_OR_DIR")
        {
            Description = "Export files, or folders of them (*.json; *.xml for cvat).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<FileInfo>("--out") { Description = "Merged COCO file to write.", Required = true };
        var rig = new Option<FileInfo?>("--rig")
        {
            Description = "Rig JSON file (default: COCO's 17-keypoint person when the files use its names, else a " +
                          "rig built from the first file).",
        };
        var category = new Option<string?>("--category")
        {
            Description = "The COCO category or CVAT skeleton label to read when a file has several.",
        };
        var manifestOut = new Option<FileInfo?>("--manifest-out")
        {
            Description = "Also write a Ground Truth style output manifest (for gtpose report, export, manifest).",
        };
        var prefix = new Option<string?>("--source-prefix")
        {
            Description = "Put before each file name to make the manifest's source-ref, e.g. s3://bucket/images/.",
        };
        var attribute = new Option<string>("--label-attribute")
        {
            Description = "The manifest's label attribute.",
            DefaultValueFactory = _ => "pose",
        };
        var report = new Option<FileInfo?>("--report") { Description = "Also write the job report, an HTML page." };
        var command = new Command(
            "consolidate",
            "Consolidate several annotators' exports of other tools (COCO, CVAT, Label Studio) with the engine of " +
            "the Ground Truth path: one COCO file with every image, its people and their review verdicts.")
            { from, inputs, output, rig, category, manifestOut, prefix, attribute, report };
        command.SetAction((result, cancellationToken) => CliErrors.RunAsync(async () =>
        {
            var format = result.GetValue(from) switch
            {
                "coco" => ImportFormat.Coco,
                "cvat" => ImportFormat.Cvat,
                "label-studio" => ImportFormat.LabelStudio,
                var other => throw new UsageError($"--from '{other}': expected coco, cvat or label-studio"),
            };
            var givenRig = result.GetValue(rig) is { } rigFile ? RigFiles.Load(rigFile) : null;
            var clock = Stopwatch.StartNew();
            var files = ImportRun.Expand(format, result.GetValue(inputs)!);
            if (files.Count == 0) throw new UserError("no input file: the folders given hold no " +
                (format == ImportFormat.Cvat ? "*.xml" : "*.json") + " file");
            using var session = ImportRun.Read(format, files, result.GetValue(category));
            var theRig = ImportRig.Resolve(session, givenRig, w => Console.Error.WriteLine($"warning: {w}"));
            var manifestFile = result.GetValue(manifestOut)?.FullName
                ?? (result.GetValue(report) is null ? null : Path.GetTempFileName());
            ImportResult r;
            var merged = result.GetValue(output)!.FullName;
            await using (var manifestStream = manifestFile is null ? null : File.Create(manifestFile))
            await using (var mergedStream = File.Create(merged))
            {
                var manifest = manifestStream is null ? null : new ImportManifestWriter(
                    manifestStream, result.GetValue(attribute)!, result.GetValue(prefix),
                    "gtpose-consolidate", TimeProvider.System.GetUtcNow());
                try
                {
                    r = await ImportRun.ConsolidateAsync(
                        session, theRig, null, mergedStream, manifest, cancellationToken);
                }
                catch (DataObjectException e)
                {
                    throw new UserError(e.Message +
                        (session.Problems.Count > 1 ? $" ({session.Problems.Count} problems in all)" : ""));
                }
            }
            ExportSummaries.PrintProblems(session.Problems);
            if (result.GetValue(report) is { } page)
                WriteReport(manifestFile!, page, result.GetValue(attribute)!, theRig);
            if (result.GetValue(manifestOut) is null && manifestFile is not null) File.Delete(manifestFile);
            string? rigOut = null;
            if (manifestFile is not null && result.GetValue(manifestOut) is not null && givenRig is null
                && !ReferenceEquals(theRig, Core.Rigs.Rig.Coco17))
            {
                // The manifest's other readers must read it with this rig.
                rigOut = Path.ChangeExtension(manifestFile, ".rig.json");
                using var rigStream = File.Create(rigOut);
                ImportRig.Write(theRig, rigStream);
                Console.Error.WriteLine($"warning: give --rig {rigOut} to the commands that read {manifestFile}");
            }
            Console.WriteLine(Summary(session, r, merged, result.GetValue(manifestOut), result.GetValue(report),
                clock.Elapsed) + (rigOut is null ? "" : $"; rig: {rigOut}"));
            return 0;
        }));
        return command;
    }

    private static void WriteReport(string manifest, FileInfo page, string attribute, Core.Rigs.Rig rig)
    {
        var problems = new ProblemLog();
        JobReportData data;
        using (var input = File.OpenRead(manifest))
            data = JobReport.Build(new LabelReader(input, attribute, problems), rig);
        File.WriteAllText(page.FullName, ReportPage.Build(data, $"Consolidated exports ({attribute})"));
    }

    private static string Summary(
        ImportSession session, ImportResult r, string merged, FileInfo? manifest, FileInfo? report, TimeSpan elapsed)
    {
        var used = session.Files.Count(f => f.Excluded is null);
        var skipped = session.Skipped.Count == 0 ? "" : "; not used: " + string.Join(", ",
            session.Skipped.Select(s => $"{s.Value} {s.Key}"));
        return $"{r.Images} images, {r.Annotators} annotators, {r.Answers} answers, {r.People} consolidated " +
            $"people; {r.NeedsReview} images need review ({r.SingleAnnotator} answered by one annotator only, " +
            $"{r.NoAnswer} without any answer); {used} of {session.Files.Count} files used; {r.DuplicateAnswers} " +
            $"duplicate answers left out; {session.Problems.Count} problems{skipped}; wrote {merged}" +
            (manifest is null ? "" : $", {manifest.FullName}") + (report is null ? "" : $", {report.FullName}") +
            $" in {elapsed.TotalSeconds:F1} s";
    }
}
