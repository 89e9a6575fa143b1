namespace GtCustomPose.Core;

/// <summary>A placed keypoint. Pixels, origin at the image's top-left corner, x to the right, y down.</summary>
/// <param name="Label">Rig label.</param>
/// <param name="X">Pixels from the left edge.</param>
/// <param name="Y">Pixels from the top edge.</param>
/// <param name="Visible">
/// What the worker said of it: true visible (COCO v=2), false placed by inference while occluded (COCO v=1); null when
/// the answer does not say (crowd-keypoint, older crowd-2d-skeleton pages).
/// </param>
public readonly record struct Keypoint(string Label, double X, double Y, bool? Visible = null);

/// <summary>Which way a worker said a skeleton faces; <see cref="Unknown"/> when the answer does not say.</summary>
public enum Facing
{
    /// <summary>Not stated, or "unsure".</summary>
    Unknown,
    /// <summary>Facing the camera: the subject's left is on the image's right.</summary>
    Front,
    /// <summary>Facing away from the camera: the subject's left is on the image's left.</summary>
    Back,
    /// <summary>Side view (profile).</summary>
    Side,
}

/// <summary>One skeleton (one person, animal or object) in an image: its name and placed keypoints. Unplaced keypoints
/// are absent.</summary>
/// <param name="Name">Instance name as the worker's page wrote it.</param>
/// <param name="Keypoints">Placed keypoints, pixels, top-left origin.</param>
/// <param name="Facing">Which way the worker said the subject faces; <see cref="Facing.Unknown"/> by default.</param>
public sealed record SkeletonInstance(string Name, IReadOnlyList<Keypoint> Keypoints, Facing Facing = Facing.Unknown)
{
    /// <summary>Equal names and equal sets of labels with positions within <paramref name="tolerancePixels"/> on each
    /// axis.</summary>
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
/// A data object failed in a way its owner must fix; Ground Truth shows <see cref="Exception.Message"/> as the failure
/// reason.
/// The message names the object, the field and what was wrong.
/// </summary>
public sealed class DataObjectException(string message) : Exception(message);
