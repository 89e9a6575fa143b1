namespace GtCustomPose.Core.Interop;

/// <summary>An image the inputs name, under its key (COCO <c>file_name</c>, CVAT <c>name</c>, a Label Studio task's
/// image).</summary>
/// <param name="Key">What matches it across files.</param>
/// <param name="Size">Its size in pixels when a file states it.</param>
public sealed record ImportedImage(string Key, ImageSize? Size);
