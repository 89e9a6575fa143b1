using System.CommandLine;
using GtCustomPose.Core.Exports;

namespace GtCustomPose.Cli;

/// <summary><c>gtpose manifest check</c>: an augmented manifest checked for a SageMaker training job.</summary>
internal static class ManifestCheckCommand
{
    public static Command Create()
    {
        var manifest = new Option<FileInfo>("--manifest")
        {
            Description = "Augmented manifest (JSON Lines).",
            Required = true,
        };
        var names = new Option<string>("--attribute-names")
        {
            Description = "Comma-separated AttributeNames of the training channel, e.g. source-ref,pose.",
            Required = true,
        };
        var rig = SharedOptions.Rig();
        var check = new Command(
            "check", "Validate an augmented manifest for a SageMaker training job; report each bad line by number.")
        {
            manifest, names, rig,
        };
        check.SetAction(result =>
        {
            var theRig = RigFiles.Load(result.GetValue(rig));
            using var reader = File.OpenText(InputFiles.Existing(result.GetValue(manifest)!, "--manifest"));
            var attributeNames = result.GetValue(names)!.Split(
                ',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var problems = ManifestChecker.Check(ManifestLine.Read(reader), attributeNames, theRig, out var lines);
            foreach (var p in problems) Console.WriteLine(p);
            Console.WriteLine(
                problems.Count == 0 ? $"ok: {lines} lines have {string.Join(", ", attributeNames)}"
                    : $"{problems.Count} problems in {lines} lines");
            return problems.Count == 0 ? 0 : 1;
        });
        return check;
    }
}
