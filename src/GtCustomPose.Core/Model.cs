namespace GtCustomPose.Core;

/// <summary>A placed keypoint. Pixels, origin at the image's top-left corner, x to the right, y down.</summary>
public readonly record struct Keypoint(string Label, double X, double Y);

/// <summary>One skeleton (one person, animal or object) in an image: its name and placed keypoints. Unplaced keypoints are absent.</summary>
public sealed record SkeletonInstance(string Name, IReadOnlyList<Keypoint> Keypoints)
{
    /// <summary>Equal names and equal sets of labels with positions within <paramref name="tolerancePixels"/> on each axis.</summary>
    public bool SameAs(SkeletonInstance other, double tolerancePixels = 0.5)
    {
        if (Name != other.Name || Keypoints.Count != other.Keypoints.Count) return false;
        var theirs = other.Keypoints.ToDictionary(k => k.Label, StringComparer.Ordinal);
        return Keypoints.All(k => theirs.TryGetValue(k.Label, out var o)
            && Math.Abs(o.X - k.X) <= tolerancePixels && Math.Abs(o.Y - k.Y) <= tolerancePixels);
    }
}

/// <summary>Image size in pixels.</summary>
public readonly record struct ImageSize(int Width, int Height);

/// <summary>
/// A data object failed in a way its owner must fix; Ground Truth shows <see cref="Exception.Message"/> as the failure reason.
/// The message names the object, the field and what was wrong.
/// </summary>
public sealed class DataObjectException(string message) : Exception(message);
