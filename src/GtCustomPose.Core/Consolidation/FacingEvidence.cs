namespace GtCustomPose.Core.Consolidation;

/// <summary>
/// One skeleton's facing as the batch estimate sees it: members, members turned against the majority, members who
/// placed the nose and each eye, the facing sine of its centre, and how many members declared it front or back.
/// </summary>
internal readonly record struct FacingEvidence(int Members, int Mirrored, int Nose, int LeftEye, int RightEye,
    double Sine, int DeclaredFront = 0, int DeclaredBack = 0);
