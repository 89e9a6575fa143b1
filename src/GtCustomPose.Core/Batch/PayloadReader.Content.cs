using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Text.Json;

namespace GtCustomPose.Core.Batch;

/// <summary>
/// An inline answer's escaped string, found without the reader's byte-by-byte pass: an answer is JSON inside a JSON
/// string, escaped every few bytes, and <see cref="Utf8JsonReader"/> walks such a string one byte at a time (about a
/// tenth of the largest batch's time). The string is scanned 64 bytes at a time instead, copied out, and shown to the
/// reader as plain letters of the same length, so the reader moves past it quickly and counts positions as before.
/// </summary>
internal static partial class PayloadReader
{
    private const ulong EvenBits = 0x5555_5555_5555_5555;

    /// <summary>
    /// At a <c>content</c> property name: when its value is a string the reader accepts, holding a backslash and no
    /// <c>\u</c> (the cases <see cref="ReadAnnotationData"/> keeps escaped), reads it and returns its bytes as the
    /// payload has them in a rented array; otherwise false, with the reader where it was.
    /// </summary>
    private static bool TryTakeEscaped(ref Utf8JsonReader reader, Span<byte> data, out byte[]? taken, out int length)
    {
        taken = null;
        length = 0;
        var at = (int)reader.BytesConsumed;
        while (at < data.Length && data[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') at++;
        if (at >= data.Length || data[at] != (byte)'"') return false;
        var end = EscapedStringEnd(data[(at + 1)..]);
        if (end <= 0) return false;
        var value = data.Slice(at + 1, end);
        if (value.IndexOf("\\u"u8) >= 0) return false;
        var copy = ArrayPool<byte>.Shared.Rent(end);
        value.CopyTo(copy);
        value.Fill((byte)'a');
        bool read;
        try
        {
            read = reader.Read();
        }
        finally
        {
            copy.AsSpan(0, end).CopyTo(value);
        }
        if (!read || reader.TokenType != JsonTokenType.String)
            throw new InvalidOperationException("the reader did not read the answer's string where it was found");
        (taken, length) = (copy, end);
        return true;
    }

    /// <summary>
    /// Index of the quote closing the string that starts at <paramref name="text"/>'s first byte (after the opening
    /// quote), when that string holds a backslash, no control character and only the escapes JSON allows other than
    /// <c>\u</c>: then the reader accepts it and ends it there. -1 otherwise, and when the string does not end inside
    /// <paramref name="text"/>.
    /// </summary>
    internal static int EscapedStringEnd(ReadOnlySpan<byte> text)
    {
        Span<byte> tail = stackalloc byte[64];
        var carry = 0UL;
        var sawBackslash = false;
        for (var offset = 0; offset < text.Length; offset += 64)
        {
            scoped ReadOnlySpan<byte> block = text[offset..];
            if (block.Length < 64)
            {
                // Letters pad the last block: they end nothing and escape nothing.
                tail.Fill((byte)'a');
                block.CopyTo(tail);
                block = tail;
            }
            var (backslashes, quotes, controls) = Masks(block);
            var escaped = Escaped(backslashes, ref carry);
            var closing = quotes & ~escaped;
            var before = closing == 0 ? ulong.MaxValue : (1UL << BitOperations.TrailingZeroCount(closing)) - 1;
            if ((controls & before) != 0) return -1;
            // JSON escapes are \" \\ \/ \b \f \n \r \t and \u; this payload's are nearly all of the first two.
            for (var other = escaped & ~backslashes & ~quotes & before; other != 0; other &= other - 1)
                if ("/bfnrt"u8.IndexOf(block[BitOperations.TrailingZeroCount(other)]) < 0) return -1;
            sawBackslash |= (backslashes & before) != 0;
            if (closing != 0) return sawBackslash ? offset + BitOperations.TrailingZeroCount(closing) : -1;
        }
        return -1;
    }

    /// <summary>Bit i set where byte i of the 64 is a backslash, a quote, a control character.</summary>
    private static (ulong Backslashes, ulong Quotes, ulong Controls) Masks(ReadOnlySpan<byte> block)
    {
        ulong backslashes = 0, quotes = 0, controls = 0;
        var backslash = Vector128.Create((byte)'\\');
        var quote = Vector128.Create((byte)'"');
        var space = Vector128.Create((byte)0x20);
        for (var lane = 0; lane < 4; lane++)
        {
            var v = Vector128.Create(block.Slice(lane * 16, 16));
            var shift = lane * 16;
            backslashes |= (ulong)Vector128.Equals(v, backslash).ExtractMostSignificantBits() << shift;
            quotes |= (ulong)Vector128.Equals(v, quote).ExtractMostSignificantBits() << shift;
            controls |= (ulong)Vector128.LessThan(v, space).ExtractMostSignificantBits() << shift;
        }
        return (backslashes, quotes, controls);
    }

    /// <summary>
    /// Bits of the bytes a backslash escapes, among 64 whose backslashes are <paramref name="backslashes"/>;
    /// <paramref name="carry"/> is 1 when the block's first byte is escaped from the block before, and is set for the
    /// next. In a run of backslashes they pair up, and the byte after the run is escaped when the run is odd.
    /// </summary>
    private static ulong Escaped(ulong backslashes, ref ulong carry)
    {
        // A first byte escaped from before is not a backslash of its own: a run continued across the blocks has the
        // same parity as what is left of it here.
        var runs = backslashes & ~carry;
        var starts = runs & ~(runs << 1);
        // Adding a run's start bit carries past its end: bit (start + length), the byte after the run.
        var evenStarts = starts & EvenBits;
        var oddStarts = starts & ~EvenBits;
        var afterEven = (runs + evenStarts) & ~runs;
        var oddSum = runs + oddStarts;
        var afterOdd = oddSum & ~runs;
        // An odd run ends at a position of the other parity from its start.
        var escaped = (afterEven & ~EvenBits) | (afterOdd & EvenBits) | carry;
        // A run reaching the block's end escapes the next block's first byte when it is odd: when it started at an
        // odd position (64 is even), which is when the odd-start sum overflows.
        carry = oddSum < runs ? 1UL : 0UL;
        return escaped;
    }
}
