namespace GtCustomPose.Core.Interop;

/// <summary>The spooled records of one image.</summary>
internal sealed class SpooledImage(int image)
{
    public int Image { get; } = image;
    public List<SpooledAnswer> Answers { get; } = [];
    public List<SpooledSkeleton> Skeletons { get; } = [];
}
