namespace GtCustomPose.Core.Batch;

/// <summary>One answer as the payload lists it: inline <c>content</c> (a JSON string) or an <c>s3Uri</c> to
/// fetch.</summary>
/// <param name="WorkerId">Worker id, or a placeholder naming the position when missing.</param>
/// <param name="Content">Inline answer JSON as UTF-8, unescaped from the payload's string.</param>
/// <param name="S3Uri">Where the answer is stored.</param>
/// <param name="Problem">Why the entry itself is unusable.</param>
internal sealed record AnswerReference(string WorkerId, ReadOnlyMemory<byte>? Content, string? S3Uri, string? Problem)
{
    /// <summary>When set, <see cref="Content"/> is the inside of the payload's JSON string, still escaped
    /// (validated, without a <c>\u</c> escape), in this array rented from
    /// <see cref="System.Buffers.ArrayPool{T}.Shared"/>: how the batch reads inline answers, each unescaped only where
    /// it must be, and the array returned once the answer is parsed.</summary>
    internal byte[]? EscapedContent { get; init; }
}
