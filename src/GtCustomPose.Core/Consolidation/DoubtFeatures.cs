namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// What one object's consolidation says about how likely its label is wrong, the inputs of
/// <see cref="WrongChance.Estimate"/>. Expected OKS and agreement are 0 to 1.
/// </summary>
/// <param name="Workers">Usable answers.</param>
/// <param name="LeastConfidence">The lowest expected OKS of the label's skeletons; 1 without skeletons.</param>
/// <param name="MeanConfidence">The mean expected OKS of the label's skeletons; 1 without skeletons.</param>
/// <param name="LeastAgreement">The lowest agreement of the label's skeletons; 1 without skeletons.</param>
/// <param name="SidesWrongChance">The facing check's highest chance that a skeleton's sides are exchanged; 0 when it
/// cannot tell.</param>
/// <param name="CountDisputed">A person was drawn by at most half of the workers.</param>
/// <param name="MissedBySome">A person most workers drew was missed by some.</param>
/// <param name="SwapCorrected">A worker's skeleton was mirrored or pair-swapped and corrected.</param>
/// <param name="SwapDisputed">No majority settles which side is left.</param>
/// <param name="Outliers">Clicks left out as outliers, all skeletons.</param>
/// <param name="Skeletons">Skeletons in the label.</param>
/// <param name="CrowdDoubt">How unreliable the object's workers are over the job, 0 (as the consensus) to 1
/// (never); 0 when not known.</param>
internal readonly record struct DoubtFeatures(
    int Workers,
    double LeastConfidence,
    double MeanConfidence,
    double LeastAgreement,
    double SidesWrongChance,
    bool CountDisputed,
    bool MissedBySome,
    bool SwapCorrected,
    bool SwapDisputed,
    int Outliers,
    int Skeletons,
    double CrowdDoubt = 0);
