namespace GtCustomPose.Core.Consolidation;

/// <summary>Axis-aligned box, pixels, top-left origin.</summary>
public sealed record BoundingBox(double Left, double Top, double Width, double Height);
