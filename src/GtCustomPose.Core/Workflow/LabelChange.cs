namespace GtCustomPose.Core.Workflow;

/// <summary>How far an audited label moved from the level-1 label.</summary>
/// <param name="Oks">
/// Mean over the larger skeleton count of each matched pair's OKS (0 for a skeleton only one label has), 0 to 1; 1 for
/// two labels without skeletons.
/// </param>
/// <param name="CountDiffers">The labels hold different numbers of skeletons (people).</param>
internal sealed record LabelChange(double Oks, bool CountDiffers)
{
    /// <summary>Anything moved: another number of people, or an OKS below 0.999 (rounding of re-drawn points stays
    /// above).</summary>
    public bool Changed => CountDiffers || Oks < 0.999;

    /// <summary>A material change: another number of people, or an OKS below <paramref name="materialOks"/> (default
    /// 0.9).</summary>
    public bool Material(double materialOks = 0.9) => CountDiffers || Oks < materialOks;
}
