namespace GtCustomPose.Core.Jobs;

/// <summary>What a re-consolidation wrote.</summary>
/// <param name="Lines">Manifest lines read (every line, blank ones included).</param>
/// <param name="Objects">Lines written to the output (JSON objects), labeled or not.</param>
/// <param name="Labeled">Lines written with a label.</param>
/// <param name="Flagged">Labels that need review.</param>
/// <param name="NoLabel">Lines written without a label (no response, or no usable answer); each is in the
/// failures.</param>
/// <param name="Rejected">Lines not written: blank or not a JSON object; each is in the failures.</param>
/// <param name="Answers">Answers read in the labels pass.</param>
/// <param name="ReviewReasons">How many labels give each review reason.</param>
/// <param name="MeanAgreement">Mean agreement of the labels' skeletons; null without any.</param>
public sealed record ReconsolidationResult(
    int Lines, int Objects, int Labeled, int Flagged, int NoLabel, int Rejected, int Answers,
    IReadOnlyDictionary<string, int> ReviewReasons, double? MeanAgreement)
{
    /// <summary>Response files the labels pass listed for its lines.</summary>
    public long ResponseFiles { get; init; }

    /// <summary>Response files the labels pass found unusable, by cause (the S3 error code, or <c>not a
    /// response</c>); their objects carry <c>unreadable_answer</c> with the error.</summary>
    public IReadOnlyDictionary<string, int> LostFiles { get; init; } = new Dictionary<string, int>();

    /// <summary>What the store's retries did over both passes; null for a store that does not retry.</summary>
    public string? Retries { get; init; }

    /// <summary>The labels pass's response files listed, read and lost, and the S3 requests retried over both
    /// passes of this run.</summary>
    public AnswerCounts Counts { get; init; } = AnswerCounts.None;
}
