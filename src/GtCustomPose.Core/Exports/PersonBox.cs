using GtCustomPose.Core.Consolidation;

namespace GtCustomPose.Core.Exports;

/// <summary>
/// The box an export writes for a skeleton, pixels. The keypoint extent is not a person box (the head reaches above
/// the eyes, the feet below the ankles, the hands past the wrists), so the extent is padded: by 10% of its longer
/// side on every side, at least 2 px, then clipped to the image when its size is known. A label box that reaches
/// beyond the keypoint extent was drawn, not derived from the points, and is used as it is.
/// </summary>
internal static class PersonBox
{
    /// <summary>Padding on every side, as a fraction of the keypoint extent's longer side.</summary>
    public const double Padding = 0.10;

    /// <summary>Least padding on every side, pixels (a single point still gets a box).</summary>
    public const double MinPaddingPixels = 2;

    /// <summary>The box of <paramref name="instance"/>; null when it has no keypoints.</summary>
    public static BoundingBox? Of(ConsolidatedInstance instance, ImageSize? image)
    {
        if (instance.Keypoints.Count == 0) return null;
        double left = double.MaxValue, top = double.MaxValue, right = double.MinValue, bottom = double.MinValue;
        foreach (var k in instance.Keypoints)
        {
            left = Math.Min(left, k.X); top = Math.Min(top, k.Y);
            right = Math.Max(right, k.X); bottom = Math.Max(bottom, k.Y);
        }
        if (instance.Bbox is { } b && IsDrawn(b, left, top, right, bottom))
            return Clip(b.Left, b.Top, b.Left + b.Width, b.Top + b.Height, image);
        var pad = Math.Max(MinPaddingPixels, Padding * Math.Max(right - left, bottom - top));
        return Clip(left - pad, top - pad, right + pad, bottom + pad, image);
    }

    // Consolidation writes the extent itself as the box; a box that holds the points with room to spare came from a
    // person.
    private static bool IsDrawn(BoundingBox b, double left, double top, double right, double bottom)
    {
        const double Slack = 0.5;
        var contains = b.Left <= left + Slack && b.Top <= top + Slack
            && b.Left + b.Width >= right - Slack && b.Top + b.Height >= bottom - Slack;
        var larger = b.Left < left - Slack || b.Top < top - Slack
            || b.Left + b.Width > right + Slack || b.Top + b.Height > bottom + Slack;
        return contains && larger;
    }

    private static BoundingBox Clip(double left, double top, double right, double bottom, ImageSize? image)
    {
        if (image is { Width: > 0, Height: > 0 } size)
        {
            left = Math.Clamp(left, 0, size.Width); right = Math.Clamp(right, 0, size.Width);
            top = Math.Clamp(top, 0, size.Height); bottom = Math.Clamp(bottom, 0, size.Height);
        }
        return new BoundingBox(left, top, right - left, bottom - top);
    }
}
