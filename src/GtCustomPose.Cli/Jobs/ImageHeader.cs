using System.Buffers.Binary;
using GtCustomPose.Core;

namespace GtCustomPose.Cli.Jobs;

/// <summary>An image's natural size from its header (PNG, JPEG, GIF, BMP), reading no more of it than that.</summary>
internal static class ImageHeader
{
    /// <summary>The size, or null when the bytes are not an image of a known format.</summary>
    public static async Task<ImageSize?> ReadSizeAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[26];
        var read = await ReadAsync(stream, head, cancellationToken).ConfigureAwait(false);
        var h = head.AsSpan(0, read);
        if (h.Length >= 24 && h[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10]))
            return Size(BinaryPrimitives.ReadInt32BigEndian(h[16..]), BinaryPrimitives.ReadInt32BigEndian(h[20..]));
        if (h.Length >= 10 && h.StartsWith("GIF8"u8))
            return Size(BinaryPrimitives.ReadUInt16LittleEndian(h[6..]), BinaryPrimitives.ReadUInt16LittleEndian(h[8..]));
        if (h.Length >= 26 && h.StartsWith("BM"u8))
            return Size(BinaryPrimitives.ReadInt32LittleEndian(h[18..]), Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(h[22..])));
        if (h.Length >= 4 && h[0] == 0xFF && h[1] == 0xD8)
            return await JpegSizeAsync(stream, head[2..read], cancellationToken).ConfigureAwait(false);
        return null;
    }

    // Walks the JPEG segments to the first start-of-frame marker, which holds height and width.
    private static async Task<ImageSize?> JpegSizeAsync(Stream stream, byte[] start, CancellationToken cancellationToken)
    {
        var used = 0;
        async Task<bool> Fill(Memory<byte> buffer)
        {
            var n = Math.Min(buffer.Length, start.Length - used);
            start.AsMemory(used, n).CopyTo(buffer);
            used += n;
            return n == buffer.Length || await ReadAsync(stream, buffer[n..], cancellationToken).ConfigureAwait(false) == buffer.Length - n;
        }

        var marker = new byte[4];
        while (true)
        {
            if (!await Fill(marker.AsMemory(0, 2)).ConfigureAwait(false) || marker[0] != 0xFF) return null;
            if (marker[1] is 0xFF or 0x01 or (>= 0xD0 and <= 0xD7)) continue;
            if (!await Fill(marker.AsMemory(2, 2)).ConfigureAwait(false)) return null;
            var length = BinaryPrimitives.ReadUInt16BigEndian(marker.AsSpan(2)) - 2;
            if (length < 0) return null;
            var segment = new byte[length];
            if (!await Fill(segment).ConfigureAwait(false)) return null;
            var isFrame = marker[1] is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isFrame && length >= 5)
                return Size(BinaryPrimitives.ReadUInt16BigEndian(segment.AsSpan(3)), BinaryPrimitives.ReadUInt16BigEndian(segment.AsSpan(1)));
        }
    }

    private static ImageSize? Size(int width, int height) => width > 0 && height > 0 ? new ImageSize(width, height) : null;

    private static async Task<int> ReadAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
