namespace GtCustomPose.Core.Interop;

/// <summary>A spooled answer: one annotator's look at one image (it may hold no skeleton).</summary>
internal readonly record struct SpooledAnswer(int Image, int Answer, int Annotator, int File);
