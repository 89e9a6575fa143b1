namespace GtCustomPose.Storage.Tests;

/// <summary>
/// Keys whose S3 order differs from a naive folder walk: '-' and '.' sort before '/', digits before letters.
/// </summary>
internal static class ListingKeys
{
    public static readonly string[] Unordered =
    [
        "job/w/iteration-1/10/a.json", "job/w/iteration-1/1/b.json", "job/w/iteration-1/1.json",
        "job/w/iteration-1/1/a.json", "job/w/iteration-1/1-x/c.json", "job/w/iteration-1/2/a.json",
        "job/w/iteration-1/Z.json", "job/wx.json", "jobs/y.json", "other/z.json",
    ];

    /// <summary>The keys under <paramref name="prefix"/> in S3's order (byte order of UTF-8; ASCII here).</summary>
    public static List<string> Expected(string prefix) =>
        Unordered.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
}
