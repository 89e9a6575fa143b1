namespace GtCustomPose.Core.Jobs;

/// <summary>
/// A re-consolidation's counts, written as JSON beside its output manifest (<see cref="PathOf"/>) by
/// <c>gtpose workflow reconsolidate</c> and the workflow's <c>job</c> and <c>assemble</c> steps, before the manifest;
/// <c>gtpose report</c> shows its answer counts.
/// </summary>
/// <param name="Objects">Lines written (JSON objects), labeled or not.</param>
/// <param name="Labeled">Lines written with a label.</param>
/// <param name="Flagged">Labels that need review.</param>
/// <param name="NoLabel">Lines written without a label.</param>
/// <param name="Answers">What was done with the stored answers.</param>
public sealed record ReconsolidationSummary(int Objects, int Labeled, int Flagged, int NoLabel, AnswerCounts Answers)
{
    /// <summary>Where the summary of the output manifest <paramref name="manifest"/> (a path or URI) is:
    /// <c>&lt;manifest&gt;.summary.json</c>.</summary>
    public static string PathOf(string manifest) => manifest + ".summary.json";
}
