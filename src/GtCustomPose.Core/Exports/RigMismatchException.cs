namespace GtCustomPose.Core.Exports;

/// <summary>A label consolidated with another rig than the one it is read with.</summary>
/// <param name="line">1-based manifest line.</param>
/// <param name="labelRig">The rig the label records (<c>consolidation.rig</c>).</param>
/// <param name="readerRig">The rig the labels are read with.</param>
public sealed class RigMismatchException(int line, string labelRig, string readerRig)
    : Exception($"line {line}: the label was consolidated with the rig '{labelRig}', not '{readerRig}'")
{
    /// <summary>1-based manifest line.</summary>
    public int Line { get; } = line;

    /// <summary>The rig the label records.</summary>
    public string LabelRig { get; } = labelRig;

    /// <summary>The rig the labels are read with.</summary>
    public string ReaderRig { get; } = readerRig;
}
