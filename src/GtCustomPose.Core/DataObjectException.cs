namespace GtCustomPose.Core;

/// <summary>
/// A data object failed in a way its owner must fix; Ground Truth shows <see cref="Exception.Message"/> as the failure
/// reason.
/// The message names the object, the field and what was wrong.
/// </summary>
public sealed class DataObjectException(string message) : Exception(message);
