namespace GtCustomPose.Core;

/// <summary>Image size in pixels.</summary>
public readonly record struct ImageSize(int Width, int Height);
