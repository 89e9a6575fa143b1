namespace GtCustomPose.Core.Rigs;

/// <summary>One keypoint class of a rig.</summary>
/// <param name="Label">Unique label, e.g. <c>left_wrist</c>.</param>
/// <param name="Color">CSS colour <c>#rrggbb</c> used by the worker template and the review page.</param>
/// <param name="Sigma">COCO OKS per-keypoint constant (fraction of the object scale). Default 0.05 when a rig file
/// omits it.</param>
public sealed record KeypointClass(string Label, string Color, double Sigma);
