namespace GtCustomPose.Core.Answers;

/// <summary>
/// The rules every skeleton-list reader applies (the general reader over a document, the token reader and the hand
/// scanner): which points are kept, how many skeletons are read, what a skeleton is called and which words state its
/// facing. Written once so the readers cannot drift apart; the fast readers hand anything the rules refuse to the
/// general reader, which describes it.
/// </summary>
internal static class SkeletonRules
{
    /// <summary>At most this many skeletons are read from one list; the rest is reported.</summary>
    public const int MaxInstances = 64;

    /// <summary>The name a skeleton goes by: the one given unless blank, else <c>skeleton_N</c> by position.</summary>
    public static string InstanceName(string? given, int index) =>
        string.IsNullOrWhiteSpace(given) ? $"skeleton_{index + 1}" : given;

    /// <summary>The facing a worker's page states in UTF-8 (<c>front</c>, <c>back</c>, <c>side</c> or
    /// <c>unknown</c>).</summary>
    public static bool TryFacing(ReadOnlySpan<byte> utf8, out Facing facing)
    {
        facing = utf8 switch
        {
            _ when utf8.SequenceEqual("front"u8) => Facing.Front,
            _ when utf8.SequenceEqual("back"u8) => Facing.Back,
            _ when utf8.SequenceEqual("side"u8) => Facing.Side,
            _ => Facing.Unknown,
        };
        return facing != Facing.Unknown || utf8.SequenceEqual("unknown"u8);
    }

    /// <summary>As <see cref="TryFacing(ReadOnlySpan{byte}, out Facing)"/> for a .NET string.</summary>
    public static bool TryFacing(string text, out Facing facing) =>
        TryFacing(System.Text.Encoding.UTF8.GetBytes(text), out facing);

    /// <summary>More than one image size outside the image: a click that cannot have been meant.</summary>
    public static bool FarOutside(double x, double y, ImageSize b) =>
        x < -b.Width || y < -b.Height || x > 2.0 * b.Width || y > 2.0 * b.Height;

    /// <summary>The problem line for a list cut at <see cref="MaxInstances"/>.</summary>
    public static string TooManyInstances(string where, int count) =>
        $"{where}: {count} instances, only the first {MaxInstances} are read";

    /// <summary>The facing words, for problem lines.</summary>
    public const string FacingWords = "\"front\", \"back\", \"side\" or \"unknown\"";
}
