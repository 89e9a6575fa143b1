using System.Globalization;
using GtCustomPose.Core.Workflow;

namespace GtCustomPose.Cli.Workflow;

/// <summary>What route and merge print when done.</summary>
internal static class WorkflowSummaries
{
    private const int ListedLeftOut = 10;

    public static void Print(RouteSummary s, string output)
    {
        Console.WriteLine(
            $"Routed {s.Selected} of {s.Objects} objects to the audit ({s.Flagged} need review, {s.Ranked} others " +
            $"by p_wrong, {s.NoLabel} without a label, {s.Sampled} QA sample)");
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"  budget             {s.Budget} objects (--max-audit-share)");
        if (s.OverBudget > 0)
        {
            Console.WriteLine(string.Create(c,
                $"  over the budget    {s.OverBudget} flagged object(s), not audited (they keep needs_review); " +
                $"p_wrong expects {s.OverBudgetExpectedWrong:F1} of them wrong"));
            foreach (var left in (s.Left ?? []).Take(ListedLeftOut))
                Console.WriteLine(string.Create(c, $"    line {left.Line} {left.SourceRef} p_wrong {left.PWrong:F2}"));
            if (s.OverBudget > ListedLeftOut)
                Console.WriteLine($"    ... and {s.OverBudget - ListedLeftOut} more (report.json lists every one)");
        }
        if (s.SampleShortfall is { } shortfall) Console.WriteLine($"  note               {shortfall}");
        if (s.Invalid > 0) Console.WriteLine($"  {s.Invalid} line(s) not JSON objects, not routed");
        Console.WriteLine($"  audit manifest     {output}");
    }

    public static void Print(MergeReport r, MergePaths paths)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"Merged {r.Objects} objects: {r.Written} written, {r.Failures} failed");
        Console.WriteLine(
            r.FlaggedUnaudited > 0
                ? string.Create(c, $"  flagged            {r.Flagged} ({r.FlaggedUnaudited} not audited: they keep " +
                    $"needs_review; p_wrong expects {r.LeftOutExpectedWrong:F1} of them wrong)")
                : $"  flagged            {r.Flagged}");
        Console.WriteLine($"  without a label    {r.NoLabel}");
        Console.WriteLine($"  QA sample          {r.Sampled}");
        Console.WriteLine($"  audited            {r.Audited} ({r.NoChangesNeeded} no changes needed)");
        Console.WriteLine(
            $"  changed            {r.Changed} ({r.ChangedMaterially} materially: another number of people or OKS < " +
            $"0.9)");
        Console.WriteLine(
            $"  verdict precision  {Rate(r.VerdictPrecision)} (flagged objects the auditor changed materially)");
        Console.WriteLine($"  residual error     {Residual(r.Residual)}");
        if (r.AnswersPerObject is { } answers)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  answers per label  {answers:F2} ({r.Relabeled} of {r.Objects} re-labeled)"));
        if (r.Advice is { } advice) Console.WriteLine($"  what to do         {advice.Text}");
        Console.WriteLine($"  final manifest     {paths.Output}");
        Console.WriteLine($"  failures           {paths.Failures}");
        Console.WriteLine($"  report             {paths.Report}");
    }

    /// <summary>The estimate with its interval, or why there is none: no interval is printed without trials.</summary>
    private static string Residual(ResidualEstimate? e) => e switch
    {
        { Rate: { } rate, Low: { } low, High: { } high } => string.Create(CultureInfo.InvariantCulture,
            $"{rate:P1}, 95% [{low:P1}, {high:P1}] among the {e.Unaudited} unaudited objects (QA sample " +
            $"{e.SampleChanged}/{e.Sampled} changed materially, p_wrong expected {e.SampleExpected:F1})"),
        { Unaudited: 0 } => "none left: every labeled object was audited",
        { } none => string.Create(CultureInfo.InvariantCulture,
            $"{none.ModelRate:P1}, the model estimate from p_wrong alone: no QA object audited to check it " +
            $"({none.ExpectedWrong:F1} expected wrong among the {none.Unaudited} unaudited)"),
        null => "unknown",
    };

    private static string Rate(Proportion p) =>
        p.Rate is { } rate
            ? string.Create(CultureInfo.InvariantCulture, $"{rate:P1} ({p.Successes}/{p.Trials})")
            : "n/a (none audited)";
}
