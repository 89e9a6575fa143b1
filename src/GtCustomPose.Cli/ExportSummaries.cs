using System.CommandLine;
using GtCustomPose.Core.Exports;

namespace GtCustomPose.Cli;

/// <summary>What the exports and the report share: the needs-review option and the lines they print when
/// done.</summary>
internal static class ExportSummaries
{
    public static Option<bool> IncludeReviewOption() =>
        new("--include-needs-review")
        {
            Description = "Also export objects whose label needs review (left out by default).",
        };

    public static string ReviewHint(int excluded, bool included) =>
        excluded > 0 && !included ? " (--include-needs-review adds them)" : "";

    public static string Summary(LabelReader labels, ProblemLog problems) =>
        $"{labels.Lines} lines read, {labels.MissingAttribute} without '{labels.LabelAttribute}', {problems.Count} " +
        $"problems";

    public static string Rate(long bytes, TimeSpan elapsed) =>
        $"{bytes / 1e6:0.#} MB in {elapsed.TotalSeconds:0.0} s";

    public static void PrintProblems(ProblemLog problems)
    {
        foreach (var p in problems.First) Console.Error.WriteLine(p);
        if (problems.Count > problems.First.Count) Console.Error.WriteLine(
            $"... and {problems.Count - problems.First.Count} more problems");
    }
}
