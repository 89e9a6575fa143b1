namespace GtCustomPose.Core.Answers;

/// <summary>JSON text helpers for the hot path of reading a batch.</summary>
internal static class JsonText
{
    /// <summary>
    /// Unescapes the inside of a JSON string a reader has validated, for the one-letter escapes (\" \\ \/ \b \f \n
    /// \r \t) that answers use; -1 when it holds a \u escape, left to the framework (which also refuses half a
    /// surrogate pair). <paramref name="destination"/> must be at least as long as <paramref name="escaped"/>.
    /// </summary>
    internal static int UnescapeValidated(ReadOnlySpan<byte> escaped, Span<byte> destination)
    {
        // Byte by byte: answer text escapes a quote every few bytes, too often for a vectorised search to pay.
        var written = 0;
        for (var i = 0; i < escaped.Length; i++)
        {
            var b = escaped[i];
            if (b != (byte)'\\')
            {
                destination[written++] = b;
                continue;
            }
            var letter = escaped[++i];
            if (letter == (byte)'u') return -1;
            // Validated: any other letter is one of " \ / and stands for itself.
            destination[written++] = letter switch
            {
                (byte)'b' => (byte)'\b',
                (byte)'f' => (byte)'\f',
                (byte)'n' => (byte)'\n',
                (byte)'r' => (byte)'\r',
                (byte)'t' => (byte)'\t',
                _ => letter,
            };
        }
        return written;
    }
}
