using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using GtCustomPose.Core.Exports;

namespace GtCustomPose.Cli;

/// <summary><c>gtpose manifest split</c>: train/val/test manifests, deterministic, groups kept together.</summary>
internal static class ManifestSplitCommand
{
    private static readonly string[] Written = ["train.manifest", "val.manifest", "test.manifest"];

    public static Command Create()
    {
        var manifest = SharedOptions.Manifest("Manifest to split");
        var train = new Option<double>("--train")
        {
            Description = "Fraction of lines for train.manifest (default 0.8).",
            DefaultValueFactory = _ => 0.8,
        };
        var val = new Option<double>("--val")
        {
            Description = "Fraction for val.manifest (default 0.1).",
            DefaultValueFactory = _ => 0.1,
        };
        var test = new Option<double?>("--test")
        {
            Description = "Fraction for test.manifest (default: what train and val leave).",
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Another seed gives another split (default 1).",
            DefaultValueFactory = _ => 1,
        };
        var groupBy = new Option<string?>("--group-by")
        {
            Description = "Regex on the source-ref; lines with the same first capture group (or match) stay in one " +
                          "split, "
                + "e.g. 's3://[^/]+/videos/([^/]+)/' keeps each video's frames together.",
        };
        var outDir = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder for train.manifest, val.manifest, test.manifest.",
            Required = true,
        };
        var force = SharedOptions.Force();
        var store = SharedOptions.Store();
        var endpoint = SharedOptions.Endpoint();
        var split = new Command(
            "split", "Split a manifest into train/val/test manifests (a split of size 0 writes no file).")
            { manifest, train, val, test, seed, groupBy, outDir, force, store, endpoint };
        split.SetAction(result => CliErrors.Run(() =>
        {
            var (t, v) = (result.GetValue(train), result.GetValue(val));
            var rest = result.GetValue(test) ?? Math.Max(0, 1 - t - v);
            var fractions = new[] { ("train", t), ("val", v), ("test", rest) };
            if (fractions.Any(f => f.Item2 is < 0 or > 1 || double.IsNaN(f.Item2)))
                throw new UserError($"--train, --val and --test are fractions from 0 to 1 (got {t}, {v}, {rest})", 2);
            if (Math.Abs(fractions.Sum(f => f.Item2) - 1) > 1e-6)
                throw new UserError(string.Create(CultureInfo.InvariantCulture,
                    $"--train {t} + --val {v} + --test {rest} = {fractions.Sum(f => f.Item2)}; the fractions must " +
                    $"add up to 1"), 2);
            Regex? pattern;
            try
            {
                pattern = result.GetValue(groupBy) is { } g
                    ? new Regex(g, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
                    : null;
            }
            catch (ArgumentException e) { throw new UserError($"--group-by is not a valid regex: {e.Message}", 2); }
            var objects = Stores.OpenOrNull(result.GetValue(store), result.GetValue(endpoint));
            var source = result.GetValue(manifest)!;
            using (ManifestInput.OpenAsync(source, objects, CancellationToken.None).GetAwaiter().GetResult()) { }
            var dir = result.GetValue(outDir)!.FullName;
            Jobs.OutputFolder.ClaimAsync(new Jobs.OutputClaim(dir, Written, "split"), result.GetValue(force),
                message => Console.Error.WriteLine($"warning: {message}"), CancellationToken.None).GetAwaiter()
                .GetResult();
            Directory.CreateDirectory(dir);
            var r = ManifestSplitter.Split(
                () => ManifestInput.OpenAsync(source, objects, CancellationToken.None).GetAwaiter().GetResult(),
                fractions, result.GetValue(seed), pattern, name => File.Create(Path.Combine(dir, name + ".manifest")));
            foreach (var s in r.Splits)
            {
                var file = Path.Combine(dir, s.Name + ".manifest");
                if (s.Lines > 0) Console.WriteLine(
                    $"{s.Name}: {s.Lines} lines ({s.Groups} {(pattern is null ? "images" : "groups")}) -> {file}");
                else
                {
                    Console.WriteLine($"{s.Name}: 0 lines, no file written");
                }
            }
            if (r.Unmatched > 0) Console.WriteLine(
                $"{r.Unmatched} source-refs did not match --group-by; each is its own group");
            if (r.WithoutSourceRef > 0) Console.WriteLine(
                $"{r.WithoutSourceRef} lines have no readable source-ref; kept, grouped by their text");
            return 0;
        }));
        return split;
    }
}
