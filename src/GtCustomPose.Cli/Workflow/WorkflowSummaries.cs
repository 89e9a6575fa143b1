using System.Globalization;
using GtCustomPose.Core.Workflow;

namespace GtCustomPose.Cli.Workflow;

/// <summary>What route and merge print when done.</summary>
internal static class WorkflowSummaries
{
    public static void Print(RouteSummary s, string output)
    {
        Console.WriteLine(
            $"Routed {s.Selected} of {s.Objects} objects to the audit ({s.Flagged} need review, {s.NoLabel} without " +
            $"a label, {s.Sampled} QA sample)");
        if (s.OverBudget > 0)
            Console.WriteLine(
                $"  {s.OverBudget} flagged object(s) over --max-audit-share: not audited, they keep needs_review");
        if (s.Invalid > 0) Console.WriteLine($"  {s.Invalid} line(s) not JSON objects, not routed");
        Console.WriteLine($"  audit manifest     {output}");
    }

    public static void Print(MergeReport r, MergePaths paths)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"Merged {r.Objects} objects: {r.Written} written, {r.Failures} failed");
        Console.WriteLine(
            r.FlaggedUnaudited > 0
                ? $"  flagged            {r.Flagged} ({r.FlaggedUnaudited} not audited: they keep needs_review)"
                : $"  flagged            {r.Flagged}");
        Console.WriteLine($"  without a label    {r.NoLabel}");
        Console.WriteLine($"  QA sample          {r.Sampled}");
        Console.WriteLine($"  audited            {r.Audited} ({r.NoChangesNeeded} no changes needed)");
        Console.WriteLine(
            $"  changed            {r.Changed} ({r.ChangedMaterially} materially: another number of people or OKS < " +
            $"0.9)");
        Console.WriteLine(
            $"  verdict precision  {Rate(r.VerdictPrecision)} (flagged objects the auditor changed materially)");
        Console.WriteLine(
            string.Create(
                c,
                $"  residual error     {Rate(r.ResidualErrorEstimate)}, 95% Wilson " +
                $"[{r.ResidualErrorEstimate.Low:P1}, {r.ResidualErrorEstimate.High:P1}] (QA sample changed " +
                $"materially: error left among unaudited objects)"));
        Console.WriteLine($"  final manifest     {paths.Output}");
        Console.WriteLine($"  failures           {paths.Failures}");
        Console.WriteLine($"  report             {paths.Report}");
    }

    private static string Rate(Proportion p) =>
        p.Rate is { } rate
            ? string.Create(CultureInfo.InvariantCulture, $"{rate:P1} ({p.Successes}/{p.Trials})")
            : "n/a (none audited)";
}
