namespace GtCustomPose.Core.Interop;

/// <summary>One point as a reader found it: the file's name id, pixels, and what the tool said of it.</summary>
/// <param name="Name">Name id within the file (<see cref="ImportFile.Names"/>).</param>
/// <param name="X">Pixels from the left edge.</param>
/// <param name="Y">Pixels from the top edge.</param>
/// <param name="Visible">True visible (COCO v=2), false occluded (v=1), null when the tool does not say.</param>
public readonly record struct RawPoint(int Name, double X, double Y, bool? Visible);
