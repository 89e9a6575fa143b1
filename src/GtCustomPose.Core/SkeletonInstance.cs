namespace GtCustomPose.Core;

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
