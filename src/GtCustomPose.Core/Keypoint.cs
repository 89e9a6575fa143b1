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
