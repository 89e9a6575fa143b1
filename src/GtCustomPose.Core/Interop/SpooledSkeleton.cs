namespace GtCustomPose.Core.Interop;

/// <summary>A spooled skeleton of one answer, its points as the file gave them.</summary>
internal sealed record SpooledSkeleton(int Image, int Answer, int File, long SourceId, RawPoint[] Points);
