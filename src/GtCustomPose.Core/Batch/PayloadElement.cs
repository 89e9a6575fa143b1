namespace GtCustomPose.Core.Batch;

/// <summary>One element of the payload: a data object with its answers, or why the element cannot be one.</summary>
/// <param name="Object">The object, when the element is usable.</param>
/// <param name="Failure">Why it is not, naming the element (or the object when its id is known).</param>
/// <param name="Index">The element's position in the payload.</param>
internal readonly record struct PayloadElement(DataObjectAnswers? Object, ObjectOutcome.Failed? Failure, int Index);
