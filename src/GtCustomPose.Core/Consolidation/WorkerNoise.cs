namespace GtCustomPose.Core.Consolidation;

/// <summary>What noise estimation returns: each usable answer's click variance.</summary>
/// <param name="Variance">
/// Per usable answer, the variance of its clicks per axis in units of the keypoint tolerance (s·2σ)², at least
/// <see cref="ConsolidationConstants.MinNoise"/>; 1 for an answer with nothing to compare.
/// </param>
internal sealed record WorkerNoise(double[] Variance);
