namespace GtCustomPose.Cli;

/// <summary>Which files of a folder or an S3 prefix are images an input manifest lists.</summary>
internal static class ImageFiles
{
    public static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];

    /// <summary>Named like an image (by extension, any case).</summary>
    public static bool IsImage(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>The file starts with the signature of a PNG, JPEG, GIF, BMP or WebP image.</summary>
    public static bool LooksLikeImage(string path)
    {
        Span<byte> head = stackalloc byte[12];
        using var file = File.OpenRead(path);
        var n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var h = head[..n];
        return h.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G'])
            || h.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
            || h.StartsWith("GIF8"u8)
            || h.StartsWith("BM"u8)
            || (n == 12 && h.StartsWith("RIFF"u8) && h[8..].SequenceEqual("WEBP"u8));
    }

    /// <summary>
    /// The images of a local folder as s3:// URIs under <paramref name="prefix"/>, in name order; files that are not
    /// images, or are named like one but are not, are reported through <paramref name="warn"/> and left out.
    /// </summary>
    public static List<string> InFolder(string folder, string prefix, Action<string> warn)
    {
        var root = Path.GetFullPath(folder);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).ToList();
        var notImages = files.Where(f => !IsImage(f)).ToList();
        var badContent = files.Where(IsImage).Where(f => !LooksLikeImage(f)).ToList();
        if (notImages.Count > 0)
            warn($"{notImages.Count} files are not images (by extension) and are left out: "
                + string.Join(", ", notImages.Take(5).Select(f => Path.GetRelativePath(root, f)))
                + (notImages.Count > 5 ? ", ..." : ""));
        foreach (var f in badContent)
            warn($"{Path.GetRelativePath(root, f)} is named like an image but is not a PNG, JPEG, GIF, BMP or WebP " +
                "file; left out");
        return files.Where(IsImage).Except(badContent)
            .Select(f => prefix.TrimEnd('/') + "/"
                + Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();
    }
}
