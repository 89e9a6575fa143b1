using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace GtCustomPose.Cli.Jobs;

/// <summary>A tiny RGB canvas that draws dots and thick lines and writes itself as a PNG (for the bundled sample
/// images).</summary>
internal sealed class Canvas
{
    private readonly byte[] _pixels;

    public Canvas(int width, int height, (byte R, byte G, byte B) background)
    {
        Width = width;
        Height = height;
        _pixels = new byte[width * height * 3];
        for (var i = 0; i < _pixels.Length; i += 3) (_pixels[i], _pixels[i + 1], _pixels[i + 2]) = background;
    }

    public int Width { get; }
    public int Height { get; }

    public void Dot(double cx, double cy, double radius, (byte R, byte G, byte B) color)
    {
        for (var y = (int)(cy - radius); y <= (int)(cy + radius); y++)
            for (var x = (int)(cx - radius); x <= (int)(cx + radius); x++)
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius) Set(x, y, color);
    }

    public void Line(double x1, double y1, double x2, double y2, double width, (byte R, byte G, byte B) color)
    {
        var steps = (int)Math.Ceiling(Math.Max(Math.Abs(x2 - x1), Math.Abs(y2 - y1))) + 1;
        for (var i = 0; i <= steps; i++)
        {
            var t = (double)i / steps;
            Dot(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t, width / 2, color);
        }
    }

    private void Set(int x, int y, (byte R, byte G, byte B) c)
    {
        if (x < 0 || y < 0 || x >= Width || y >= Height) return;
        var i = (y * Width + x) * 3;
        (_pixels[i], _pixels[i + 1], _pixels[i + 2]) = c;
    }

    public static (byte R, byte G, byte B) Parse(string hex)
    {
        if (hex.Length == 4) hex = $"#{hex[1]}{hex[1]}{hex[2]}{hex[2]}{hex[3]}{hex[3]}";
        return (Convert.ToByte(hex[1..3], 16), Convert.ToByte(hex[3..5], 16), Convert.ToByte(hex[5..7], 16));
    }

    public byte[] ToPng()
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour RGB
        Chunk(png, "IHDR", header);
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (var y = 0; y < Height; y++)
            {
                z.WriteByte(0); // no filter
                z.Write(_pixels, y * Width * 3, Width * 3);
            }
        }
        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> n = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(n, data.Length);
        s.Write(n);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(n, Crc32(typeBytes, data));
        s.Write(n);
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    private static uint Crc32(byte[] a, byte[] b)
    {
        var c = 0xFFFFFFFFu;
        foreach (var x in a) c = CrcTable[(c ^ x) & 0xFF] ^ (c >> 8);
        foreach (var x in b) c = CrcTable[(c ^ x) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }
}
