namespace GtCustomPose.Core.Answers;

/// <summary>What the rules make of one point a reader found.</summary>
internal enum PointVerdict
{
    /// <summary>Kept.</summary>
    Kept,
    /// <summary>The label is not in the rig.</summary>
    UnknownLabel,
    /// <summary>x is not a finite number.</summary>
    BadX,
    /// <summary>y is not a finite number.</summary>
    BadY,
    /// <summary>More than one image size outside the image.</summary>
    FarOutside,
    /// <summary>The skeleton has this label already; the first is kept.</summary>
    Duplicate,
}
