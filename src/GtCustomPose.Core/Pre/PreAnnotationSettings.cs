using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Pre;

/// <summary>Settings of the pre-annotation mapping.</summary>
/// <param name="Rig">The skeleton rig shown to workers.</param>
/// <param name="ChainedLabelAttribute">Label attribute of the earlier job whose labels become initial values
/// (adjustment and audit jobs); null when not chained.</param>
/// <param name="OnlyObjectsNeedingReview">With a chained label: objects whose label says <c>needs_review: false</c> get
/// no human task. Default false.</param>
public sealed record PreAnnotationSettings(
    Rig Rig,
    string? ChainedLabelAttribute = null,
    bool OnlyObjectsNeedingReview = false);
